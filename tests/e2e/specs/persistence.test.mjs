// Keeping work: reload, share links, import/export, undo/redo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, freshPage, openPage, expectDecision } from '../harness.mjs';

const env = setup();

async function denyPolicyEdit(page) {
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  const text = await editor.inputValue();
  await editor.fill(text.replace('"s3:GetObject"', '"s3:PutObject"'));
  await expectDecision(page, 'Implicit deny');
}

test('a reload keeps the work', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await denyPolicyEdit(page);
  await page.reload();
  await expectDecision(page, 'Implicit deny');
  assert.deepEqual(page.problems, []);
});

test('a corrupt autosave never breaks the app', async () => {
  const context = await env.browser.newContext();
  // Corrupt data is in storage before the app starts.
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('iam-playground', '{"format": 1, "scenario": {"version": 1, "name": 5}}');
    }
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(err.message));
  await page.goto(env.server.url);
  await expectDecision(page, 'Allow');
  await page.getByText(/autosaved work could not be read/).waitFor();
  assert.deepEqual(page.problems, []);
  await context.close();
});

/** Clicks "Share link" and reads the link it shows. */
async function shareLink(page) {
  await page.getByRole('button', { name: 'Share link' }).click();
  const box = page.getByRole('region', { name: 'Share link' });
  await box.getByRole('status').filter({ hasText: /copied to the clipboard|Copy this share link/ }).waitFor();
  return box.getByRole('textbox', { name: 'Share link address' }).inputValue();
}

test('a share link carries the whole scenario and opens elsewhere', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await denyPolicyEdit(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const url = await shareLink(page);
  assert.match(url, /#v1\//);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  // The address bar is not rewritten: a reload must not reopen this snapshot.
  assert.doesNotMatch(page.url(), /#v1\//);
  await screenshot(page, 'persist-share-box');
  const other = await openPage(env.browser, 'about:blank');
  await other.goto(url);
  await other.getByRole('status', { name: 'Decision' }).waitFor();
  await expectDecision(other, 'Implicit deny');
  await other.getByText('Opened the shared scenario.').waitFor();
  assert.doesNotMatch(other.url(), /#v1\//, 'the fragment is dropped after loading');
  await screenshot(other, 'persist-shared');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
});

test('sharing, editing on and reloading keeps the later edits', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await denyPolicyEdit(page);
  await shareLink(page);
  // Keep editing: back to reading receipts.
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.fill((await editor.inputValue()).replace('"s3:PutObject"', '"s3:GetObject"'));
  await expectDecision(page, 'Allow');
  await page.reload();
  await expectDecision(page, 'Allow');
  assert.match(await page.getByRole('textbox', { name: 'Policy document' }).inputValue(), /"s3:GetObject"/);
  assert.deepEqual(page.problems, []);
});

test('opening someone else\'s link keeps your own work one Undo away', async () => {
  const theirs = await freshPage(env.browser, env.server.url);
  await theirs.getByRole('combobox', { name: 'Load a scenario from the gallery' }).selectOption('privilege-escalation-trap.json');
  await theirs.locator('header .scenario-name', { hasText: 'Privilege escalation trap' }).waitFor();
  const url = await shareLink(theirs);

  const mine = await freshPage(env.browser, env.server.url);
  await denyPolicyEdit(mine); // autosaved work
  await mine.goto('about:blank');
  await mine.goto(url);
  await mine.locator('header .scenario-name', { hasText: 'Privilege escalation trap' }).waitFor();
  await mine.getByText(/Undo brings back the work you had here/).waitFor();
  await mine.getByRole('button', { name: 'Undo' }).click();
  await mine.locator('header .scenario-name', { hasText: 'Coffee shop' }).waitFor();
  assert.match(await mine.getByRole('textbox', { name: 'Policy document' }).inputValue(), /"s3:PutObject"/);
  assert.deepEqual(mine.problems, []);
});

test('a switched role survives a reload', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('combobox', { name: 'Principal', exact: true }).fill('finance/user/carla');
  await page.getByRole('combobox', { name: 'Switch role' }).selectOption('finance/role/Inventory');
  const banner = page.getByText('finance/user/carla switched into finance/role/Inventory');
  await banner.waitFor();
  await page.waitForTimeout(400); // the autosave is debounced
  await page.reload();
  await banner.waitFor();
  await page.getByRole('button', { name: 'Switch back' }).click();
  assert.equal(await page.getByRole('combobox', { name: 'Principal', exact: true }).inputValue(), 'finance/user/carla');
  assert.deepEqual(page.problems, []);
});

test('undo and redo', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await denyPolicyEdit(page);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectDecision(page, 'Allow');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expectDecision(page, 'Implicit deny');
});

test('importing a bad file leaves the scenario untouched; a good one loads', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const bad = join(tmpdir(), 'iam-bad-scenario.json');
  await writeFile(bad, '{"version": 1, "name": "x", "accounts": [{"id": "12", "name": "a", "users": [{"nam": "x"}]}]}');
  await page.getByLabel('Import a scenario file').setInputFiles(bad);
  await page.getByText(/That file is not a valid scenario: .*accounts\[0\]\.users\[0\]/).waitFor();
  await expectDecision(page, 'Allow');
  await page.getByRole('combobox', { name: 'Load a scenario from the gallery' }).selectOption('privilege-escalation-trap.json');
  await page.locator('header .scenario-name', { hasText: 'Privilege escalation trap' }).waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('header .scenario-name', { hasText: 'Coffee shop' }).waitFor();
});
