// Measures the playground in headless Chromium and writes the numbers into the
// README (between <!-- perf:start --> and <!-- perf:end -->). Not a test: timings
// are recorded, never asserted.  Run: make perf
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage } from './harness.mjs';

const root = new URL('../..', import.meta.url).pathname;
const server = await serve();
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function loadTime() {
  const page = await openPage(browser, 'about:blank');
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await page.reload();
    await page.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Allow');
    runs.push(await page.evaluate(() => performance.now()));
  }
  await page.close();
  return median(runs);
}

/**
 * Time from an edit of the open policy to the decision's DOM update (`dom`)
 * and to the next animation frame after it, once that frame is painted
 * (`painted`: a requestAnimationFrame callback, then a task queued from it,
 * which runs after the frame's paint).
 */
async function keystrokeLatency(page, n = 40) {
  return page.evaluate(async (n) => {
    const ta = document.querySelector('textarea[aria-label="Policy document"]');
    const out = document.querySelector('output[aria-label=Decision]');
    const base = ta.value;
    const flipped = base.includes('"s3:GetObject"') ? base.replace('"s3:GetObject"', '"s3:PutObject"') : base + ' ';
    const dom = [];
    const painted = [];
    const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }));
    for (let i = 0; i < n; i++) {
      const before = out.textContent;
      const value = i % 2 === 0 ? flipped : base;
      const t0 = performance.now();
      const done = new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (out.textContent !== before) {
            obs.disconnect();
            const t1 = performance.now();
            afterPaint().then((t2) => resolve([t1 - t0, t2 - t0]));
          }
        });
        obs.observe(out, { childList: true, characterData: true, subtree: true });
      });
      ta.value = value;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const [d, p] = await done;
      dom.push(d);
      painted.push(p);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { dom, painted };
  }, n);
}

/** Waits until the catalog and the managed policies have arrived (full linting). */
async function settled(page) {
  await page.waitForFunction(
    () => !document.body.textContent.includes('loading the IAM action catalog') && !document.body.textContent.includes('Loading AWS managed policies'),
    null,
    { timeout: 20000 },
  );
}

async function withSaved(saved) {
  const page = await openPage(browser, 'about:blank');
  await page.goto(server.url);
  await page.evaluate((s) => localStorage.setItem('iam-playground', s), saved);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Allow', null, { timeout: 20000 });
  await settled(page);
  return page;
}

// 1. First load to interactive (a decision on screen), warm cache, localhost.
const load = await loadTime();

// 2. Keystroke → decision on the coffee shop.
const coffee = await openPage(browser, server.url);
await coffee.evaluate(() => localStorage.clear());
await coffee.reload();
await coffee.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Allow');
await settled(coffee);
const small = await keystrokeLatency(coffee);

// 3. A 200-principal scenario (20 accounts × 9 users + a role, one org).
await coffee.waitForFunction(() => localStorage.getItem('iam-playground') !== null);
const saved = await coffee.evaluate(() => localStorage.getItem('iam-playground'));
const envelope = JSON.parse(saved);
const big = structuredClone(envelope);
const scenario = big.scenario;
const finance = scenario.accounts.find((a) => a.name === 'finance');
for (let i = 0; i < 18; i++) {
  const id = String(700000000000 + i);
  scenario.accounts.push({
    id, name: `store-${i}`,
    groups: [{ name: 'Staff', inlinePolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'dynamodb:Query'], Resource: '*' }] } }] }],
    users: Array.from({ length: 10 }, (_, u) => ({ name: `u${u}`, groups: ['Staff'] })),
    roles: [{ name: 'Ops', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'sts:AssumeRole' }] } }],
  });
  scenario.organization.root.accounts.push(`store-${i}`);
}
const principals = scenario.accounts.reduce((n, a) => n + 1 + (a.users?.length ?? 0) + (a.roles?.length ?? 0), 0);
const bigPage = await withSaved(JSON.stringify(big));
const large = await keystrokeLatency(bigPage, 20);

// 4. A 100 KB policy open in the editor.
const huge = structuredClone(envelope);
const cashiers = huge.scenario.accounts.find((a) => a.name === 'finance').groups[0].inlinePolicies[0].document;
const filler = Array.from({ length: 900 }, (_, i) => ({ Sid: `Filler${i}`, Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'], Resource: `arn:aws:ec2:us-east-1:222233334444:instance/i-${String(i).padStart(8, '0')}` }));
cashiers.Statement.push(...filler);
const bytes = JSON.stringify(cashiers, null, 2).length;
const hugePage = await withSaved(JSON.stringify(huge));
const hundredK = await keystrokeLatency(hugePage, 20);

await browser.close();
await server.close();

const size = execFileSync(`${root}scripts/size.sh`, [`${root}target/e2e-dist`]).toString();
const total = size.split('\n').find((l) => l.startsWith('total')).trim().split(/\s+/);
const wasm = size.split('\n').find((l) => l.startsWith('wasm')).trim().split(/\s+/);
const fmt = (x) => `${x.toFixed(1)} ms`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`make perf\` (headless Chromium, localhost, release build; the catalog and managed policies loaded, so the editor lints with the full catalog):`,
  '',
  '| what | median | p95 |',
  '|---|---:|---:|',
  `| first load to a decision on screen (warm cache) | ${fmt(load)} | |`,
  `| keystroke → decision in the DOM, coffee shop (${envelope.scenario.accounts.length} accounts) | ${fmt(median(small.dom))} | ${fmt(p95(small.dom))} |`,
  `| keystroke → decision painted (next frame after the DOM update), coffee shop | ${fmt(median(small.painted))} | ${fmt(p95(small.painted))} |`,
  `| keystroke → decision in the DOM, ${principals}-principal scenario | ${fmt(median(large.dom))} | ${fmt(p95(large.dom))} |`,
  `| keystroke → decision painted, ${principals}-principal scenario | ${fmt(median(large.painted))} | ${fmt(p95(large.painted))} |`,
  `| keystroke → decision in the DOM, ${Math.round(bytes / 1024)} KB policy in the editor (linted on every keystroke) | ${fmt(median(hundredK.dom))} | ${fmt(p95(hundredK.dom))} |`,
  `| keystroke → decision painted, ${Math.round(bytes / 1024)} KB policy | ${fmt(median(hundredK.painted))} | ${fmt(p95(hundredK.painted))} |`,
  '',
  `Shipped bytes (HTML+JS+Wasm+CSS, gzip -9): **${Number(total[2]).toLocaleString('en-US')} B** (Wasm ${Number(wasm[2]).toLocaleString('en-US')} B); budget 600 KB. Loaded after first paint: \`data/managed-policies.json\` (1,594 AWS managed policies).`,
].join('\n');
console.log(table);
const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, 'utf8');
const marked = /<!-- perf:start -->[\s\S]*<!-- perf:end -->/;
if (marked.test(readme)) writeFileSync(readmePath, readme.replace(marked, `<!-- perf:start -->\n${table}\n<!-- perf:end -->`));
