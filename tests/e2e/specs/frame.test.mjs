// The app's frame: sections in the address bar (Back works, share links still
// open), honest "coming" pages, full-width results with a sticky matrix and a
// CSV export, in-page forms, the first-visit welcome and Help, the loading and
// failure messages; every view scanned by axe-core and photographed at three
// sizes in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { setup, screenshot, freshPage, openPage, expectDecision, ask, setRequest as setRequestFields, SHOTS } from '../harness.mjs';

const env = setup();
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations on the page as it is now. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** What the window shows (not the whole page): what a person sees first. */
async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const SECTIONS = ['Reports', 'Findings', 'KMS', 'WAF', 'Threats', 'Shared responsibility'];
const nav = (page) => page.getByRole('navigation', { name: 'Sections' });
const hash = (page) => page.evaluate(() => location.hash);
const dismissWelcome = async (page) => {
  const start = page.getByRole('region', { name: 'Welcome to IAM Playground' }).getByRole('button', { name: 'Start' });
  if (await start.count()) await start.click();
};

test('each section has its place in the address bar, and Back goes back', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  assert.equal(await hash(page), '#/iam');
  for (const name of SECTIONS) {
    await nav(page).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^${name}`) }).waitFor();
    // Honest: not built yet, no stand-in content.
    await page.getByText('This section is not built yet.').waitFor();
    assert.equal(await nav(page).getByRole('link', { name, exact: true }).getAttribute('aria-current'), 'page');
  }
  assert.equal(await hash(page), '#/shared-responsibility');
  await page.goBack();
  await page.getByRole('heading', { name: /^Threats/ }).waitFor();
  assert.equal(await hash(page), '#/threats');
  await nav(page).getByRole('link', { name: 'IAM', exact: true }).click();
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  assert.equal(await hash(page), '#/iam/matrix');
  await page.goBack();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  assert.equal(await hash(page), '#/iam');
  // A link straight to a section opens it.
  await page.goto(`${env.server.url}#/kms`);
  await page.getByRole('heading', { name: /^KMS/ }).waitFor();
  await page.goto(`${env.server.url}#/help`);
  await page.getByRole('heading', { name: 'Glossary' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a share link still opens, then the address bar shows the route', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  await page.getByRole('combobox', { name: 'Load a scenario from the gallery' }).selectOption('privilege-escalation-trap.json');
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByRole('textbox', { name: 'Share link address' }).inputValue();
  assert.match(url, /#v1\//);
  const other = await openPage(env.browser, url);
  await other.getByText(/Opened the shared scenario/).waitFor();
  await other.waitForFunction(() => location.hash === '#/iam');
  assert.equal(await other.getByRole('combobox', { name: 'Load a scenario from the gallery' }).inputValue(), 'privilege-escalation-trap.json');
  assert.deepEqual([...page.problems, ...other.problems], []);
});

test('the matrix gets the full width, keeps its first column and header in view, and exports CSV', async () => {
  const page = await freshPage(env.browser, env.server.url, { width: 1440, height: 900 });
  await dismissWelcome(page);
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  const table = page.getByRole('table', { name: 'Access matrix' });
  await table.getByRole('button').first().waitFor();
  await page.getByRole('textbox', { name: /More actions/ }).fill('s3:PutObject, s3:DeleteObject, dynamodb:UpdateItem, dynamodb:Query, kms:Decrypt, sts:AssumeRole, iam:CreateUser, ec2:RunInstances');
  await page.getByRole('textbox', { name: /More actions/ }).press('Enter');
  await table.getByRole('columnheader', { name: 'ec2:RunInstances' }).waitFor();
  // The editor steps aside: the results are wider than half the window.
  const box = await page.getByRole('region', { name: 'Results' }).boundingBox();
  assert.ok(box.width > 900, `results are ${box.width}px wide`);
  const scroller = page.getByRole('region', { name: 'Access matrix, scrollable' });
  const first = table.getByRole('rowheader').first();
  const before = await first.boundingBox();
  await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; });
  const after = await first.boundingBox();
  assert.ok(Math.abs(after.x - before.x) < 1, 'the principal column stays put');
  const header = await table.getByRole('columnheader').first().boundingBox();
  const scrollerBox = await scroller.boundingBox();
  assert.ok(header.y >= scrollerBox.y - 1 && header.y < scrollerBox.y + 10, 'the header stays at the top');
  await scroller.evaluate((el) => { el.scrollLeft = 0; el.scrollTop = 0; });
  await screenshot(page, 'frame-matrix-wide');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'access-matrix.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.match(lines[0], /^Principal .*,s3:GetObject,/);
  assert.ok(lines.some((l) => l.startsWith('finance/user/ana,')), lines.join('\n'));
  assert.match(lines[1], /^\(on resource\),/);
  assert.ok(lines.slice(2).every((l) => /,(Allow|Explicit deny|Implicit deny)/.test(l)));
  assert.deepEqual(page.problems, []);
});

test('an added user is selected and its panel is in view; a bad name is said in the form', async () => {
  const page = await freshPage(env.browser, env.server.url, { width: 1440, height: 900 });
  await dismissWelcome(page);
  const form = await ask(page, page.getByRole('button', { name: 'Add user' }), 'bad name!');
  await form.getByRole('alert').waitFor();
  assert.equal(await form.getByRole('textbox').getAttribute('aria-invalid'), 'true');
  await form.getByRole('textbox').fill('dora');
  await form.getByRole('button', { name: 'Add' }).click();
  const panel = page.getByRole('region', { name: 'Selected item' });
  await panel.getByRole('heading', { name: 'User dora' }).waitFor();
  const inView = await panel.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; });
  assert.ok(inView, 'the new user\'s panel is on screen');
  await screenshot(page, 'frame-added-user');
  // A new account offers a name and an ID, both editable; a bad ID is refused in place.
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  await tree.getByRole('treeitem').first().click();
  const acct = await ask(page, page.getByRole('group', { name: /Actions for Organization root/ }).getByRole('button', { name: 'Add account' }), 'stores', '12345');
  await acct.getByRole('alert').getByText(/12/).waitFor();
  await acct.getByRole('textbox', { name: 'Account ID (12 digits)' }).fill('123456789012');
  await acct.getByRole('button', { name: 'Add' }).click();
  await tree.getByRole('treeitem', { name: /^Account stores · 123456789012/ }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('first visit: a welcome that stays dismissed; Help has the glossary and the shortcuts', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const welcome = page.getByRole('region', { name: 'Welcome to IAM Playground' });
  await welcome.waitFor();
  await welcome.getByRole('button', { name: 'Start' }).click();
  await page.reload();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  assert.equal(await welcome.count(), 0);
  await page.getByRole('link', { name: 'Help' }).click();
  assert.equal(await hash(page), '#/help');
  for (const term of ['Root user', 'IAM user', 'Group', 'Role', 'SCP (service control policy)', 'RCP (resource control policy)', 'Permissions boundary', 'Session policy', 'Resource-based policy', 'MFA (multi-factor authentication)', 'OU (organizational unit)']) {
    await page.getByRole('term').filter({ hasText: new RegExp(`^${term.replace(/[()]/g, '\\$&')}$`) }).waitFor();
  }
  await page.getByRole('table', { name: 'Keyboard shortcuts' }).getByText('Ctrl+Space').waitFor();
  assert.deepEqual(page.problems, []);
});

test('New starts blank and the scenario menu names what is loaded', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  const menu = page.getByRole('combobox', { name: 'Load a scenario from the gallery' });
  assert.equal(await menu.inputValue(), 'coffee-shop.json');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('heading', { name: /Account my-account/ }).waitFor();
  assert.match(await menu.locator('option:checked').textContent(), /New scenario \(yours\)/);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => document.querySelector('select[aria-label="Load a scenario from the gallery"]').value === 'coffee-shop.json');
  assert.deepEqual(page.problems, []);
});

test('words: plural forms, no "Root Root", a red badge when an exercise fails', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  await page.getByText('Context (0 keys)').waitFor();
  assert.equal(await page.getByRole('treeitem', { name: /Root Root/ }).count(), 0);
  await page.getByRole('treeitem', { name: /^Organization root/ }).waitFor();
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.fill((await editor.inputValue()).replace('"s3:GetObject"', '"s3:PutObject"'));
  const badge = page.getByRole('button', { name: /^Exercises: \d+ of 11 pass/ });
  await page.waitForFunction(() => document.querySelector('button.exercises.failing'));
  const [r, g] = (await badge.evaluate((b) => getComputedStyle(b).color)).match(/\d+/g).map(Number);
  assert.ok(r > 120 && g < 60, 'red text');
  assert.ok(Number.parseFloat(await badge.evaluate((b) => getComputedStyle(b).paddingLeft)) >= 8, 'keeps its padding');
  assert.deepEqual(page.problems, []);
});

test('a Wasm file that does not load says so instead of a blank page', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.route('**/*.wasm', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto(env.server.url);
  await page.getByRole('alert').getByText('IAM Playground could not start').waitFor();
  await screenshot(page, 'frame-wasm-failed');
  // Without JavaScript: the <noscript> text (Chromium's script switch in tests keeps the parser's scripting flag on, so it is read from the page).
  const html = await (await fetch(env.server.url)).text();
  assert.match(html, /<noscript>[\s\S]*IAM Playground needs JavaScript[\s\S]*<\/noscript>/);
  await context.close();
});

const VIEWS = [
  ['iam', async (page) => { await page.getByRole('status', { name: 'Decision' }).waitFor(); }],
  ['iam-entity', async (page) => { await page.getByRole('button', { name: 'user carla' }).click(); await page.getByRole('region', { name: 'Selected item' }).waitFor(); }],
  ['who-can', async (page) => { await page.getByRole('tab', { name: 'Who can' }).click(); }],
  ['what-can', async (page) => { await page.getByRole('tab', { name: 'What can' }).click(); }],
  ['matrix', async (page) => { await page.getByRole('tab', { name: 'Access matrix' }).click(); await page.getByRole('table', { name: 'Access matrix' }).getByRole('button').first().waitFor(); }],
  ['exercises', async (page) => { await page.getByRole('tab', { name: 'Exercises' }).click(); }],
  ['form', async (page) => { await page.getByRole('button', { name: 'Add role' }).click(); await page.locator('form.ask').waitFor(); }],
  ['help', async (page) => { await page.goto(`${env.server.url}#/help`); await page.getByRole('heading', { name: 'Glossary' }).waitFor(); }],
  ...SECTIONS.map((s) => [s.toLowerCase().replace(/ /g, '-'), async (page) => { await nav(page).getByRole('link', { name: s, exact: true }).click(); await page.getByText('This section is not built yet.').waitFor(); }]),
];

test('every view passes axe-core with no serious or critical violation, in light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await freshPage(env.browser, env.server.url, { width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axeViolations(page), [], `welcome (${scheme})`);
    await dismissWelcome(page);
    for (const [name, open] of VIEWS) {
      await page.goto(`${env.server.url}#/iam`);
      await page.getByRole('status', { name: 'Decision' }).waitFor();
      await open(page);
      assert.deepEqual(await axeViolations(page), [], `${name} (${scheme})`);
    }
    assert.deepEqual(page.problems, []);
  }
});

test('screenshots of each view at 1440×900, 1024×768 and 390×844, light and dark', async () => {
  const sizes = [['1440', { width: 1440, height: 900 }], ['1024', { width: 1024, height: 768 }], ['390', { width: 390, height: 844 }]];
  const shown = ['iam', 'iam-entity', 'matrix', 'exercises', 'help', 'reports'];
  for (const [size, viewport] of sizes) {
    for (const scheme of ['light', 'dark']) {
      const page = await freshPage(env.browser, env.server.url, viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `view-welcome-${size}-${scheme}`);
      await dismissWelcome(page);
      for (const [name, open] of VIEWS.filter(([n]) => shown.includes(n))) {
        await page.goto(`${env.server.url}#/iam`);
        await page.getByRole('status', { name: 'Decision' }).waitFor();
        await open(page);
        await shot(page, `view-${name}-${size}-${scheme}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 0, `${name} at ${size} (${scheme}) is ${overflow}px wider than the window`);
      }
      await page.close();
    }
  }
});

test('on a phone the decision stays in view near the editor', async () => {
  const page = await freshPage(env.browser, env.server.url, { width: 390, height: 844 });
  await dismissWelcome(page);
  const bar = page.getByRole('complementary', { name: 'Decision summary' });
  await page.getByRole('textbox', { name: 'Policy document' }).scrollIntoViewIfNeeded();
  const box = await bar.boundingBox();
  assert.ok(box && box.y + box.height <= 844 && box.y > 700, `bar at ${JSON.stringify(box)}`);
  await bar.getByText('Allow').waitFor();
  await expectDecision(page, 'Allow');
  await screenshot(page, 'frame-phone-bar');
  assert.deepEqual(page.problems, []);
});

test('exercises: failing first, a click decides its request, the author picks the outcome', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  // Break one exercise: the cashiers' policy stops allowing reads.
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.fill((await editor.inputValue()).replace('"s3:GetObject"', '"s3:PutObject"'));
  await page.getByRole('button', { name: /^Exercises: \d+ of 11 pass/ }).click();
  const items = page.getByRole('list', { name: 'Exercises' }).getByRole('listitem');
  await items.first().waitFor();
  assert.match(await items.first().textContent(), /\(fails\)/);
  // Clicking a passing one puts its request in the request panel and shows the decision.
  const last = items.locator('button.exercise-title').last();
  const title = (await last.textContent()).trim();
  await last.click();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  assert.equal(await hash(page), '#/iam');
  assert.ok(title.length > 0);
  // Add the current request expecting the opposite of today's decision: it fails.
  const before = await page.getByRole('combobox', { name: 'Action', exact: true }).or(page.getByRole('textbox', { name: 'Action', exact: true })).first().inputValue();
  await page.getByRole('tab', { name: 'Exercises' }).click();
  const add = page.getByRole('group', { name: 'Add the current request as an exercise' });
  const deny = add.getByRole('radio', { name: 'must be denied' });
  const allow = add.getByRole('radio', { name: 'must be allowed' });
  const flip = (await allow.isChecked()) ? deny : allow;
  await flip.check();
  await add.getByRole('button', { name: 'Add exercise' }).click();
  await page.getByRole('button', { name: /of 12 pass/ }).waitFor();
  const failing = items.filter({ hasText: '(fails)' });
  assert.ok((await failing.last().textContent()).includes(before), 'the new exercise fails and is listed with the failing ones');
  await screenshot(page, 'frame-exercises');
  assert.deepEqual(page.problems, []);
});

test('switch role follows the request context; MFA device and request MFA are matched on offer', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  await setRequestFields(page, { principal: 'finance/user/carla' });
  const switcher = page.getByRole('combobox', { name: 'Switch role' });
  await switcher.waitFor();
  const options = async () => switcher.locator('option').allTextContents();
  assert.ok(!(await options()).includes('finance/role/Cashier'), 'without MFA carla cannot assume Cashier');
  // carla has a hardware key; the request does not say MFA: offered, one click.
  const hint = page.getByText(/User carla has an MFA device, but this request does not say it used MFA/);
  await hint.waitFor();
  await page.getByRole('button', { name: 'Sign in with MFA' }).click();
  await hint.waitFor({ state: 'detached' });
  await page.waitForFunction(() => [...document.querySelectorAll('option')].some((o) => o.textContent === 'finance/role/Cashier'));
  assert.ok((await options()).includes('finance/role/Cashier'), 'with MFA carla may assume Cashier');
  assert.deepEqual(page.problems, []);
});

test('an unknown action gets "did you mean"; the summary names the deciding policy and line', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await dismissWelcome(page);
  await page.waitForFunction(() => !document.body.textContent.includes('loading the IAM action catalog'), null, { timeout: 20000 });
  await setRequestFields(page, { action: 's3:GetObjekt' });
  await page.getByRole('status').filter({ hasText: /GetObjekt/ }).filter({ hasText: /GetObject/ }).waitFor();
  await setRequestFields(page, { action: 's3:GetObject' });
  await page.getByText(/^Allowed by identity-based policy ReadReceipts.*, line \d+\./).waitFor();
  await setRequestFields(page, { action: 'organizations:LeaveOrganization', resource: '*' });
  await page.getByText(/^Denied by SCP DenyLeavingTheOrganization at the root.*, line \d+\./).waitFor();
  await screenshot(page, 'frame-decided-by');
  assert.deepEqual(page.problems, []);
});

test('the matrix decides each action on a resource of its type and says which', async () => {
  const page = await freshPage(env.browser, env.server.url, { width: 1440, height: 900 });
  await dismissWelcome(page);
  await page.waitForFunction(() => !document.body.textContent.includes('loading the IAM action catalog'), null, { timeout: 20000 });
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  const table = page.getByRole('table', { name: 'Access matrix' });
  const cell = table.getByRole('button', { name: 'finance/role/Inventory dynamodb:UpdateItem: Allow' });
  await cell.waitFor();
  assert.match(await cell.getAttribute('title'), /on arn:aws:dynamodb:us-east-1:222233334444:table\/Inventory/);
  await table.getByRole('columnheader', { name: /dynamodb:UpdateItem.*table\/Inventory/ }).waitFor();
  assert.deepEqual(page.problems, []);
});
