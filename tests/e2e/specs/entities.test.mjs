// Editing the entities of an account keeps the scenario whole: resource
// policies, adds that fail with a reason, deletes that ask first and take the
// exercises naming what they delete along (one Undo brings them back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, screenshot, freshPage, expectDecision, ask } from '../harness.mjs';

const env = setup();
const here = new URL('.', import.meta.url).pathname;

const editorTitle = (page) => page.locator('#editor-title');

test('"Add a resource policy" opens a starter policy for that resource', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('button', { name: 'resource Inventory' }).click();
  await page.getByRole('button', { name: 'Add a resource policy' }).click();
  await editorTitle(page).filter({ hasText: 'table/Inventory/policy' }).waitFor();
  const text = await page.getByRole('textbox', { name: 'Policy document' }).inputValue();
  assert.match(text, /"dynamodb:GetItem"/);
  assert.match(text, /"arn:aws:iam::222233334444:root"/);
  await page.getByRole('button', { name: 'Edit resource policy' }).waitFor();
  await screenshot(page, 'entities-resource-policy');
  assert.deepEqual(page.problems, []);
});

test('deleting a resource asks first, then shows its account', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('button', { name: 'resource Inventory' }).click();
  const panel = page.getByRole('region', { name: 'Selected item' });
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await panel.getByRole('button', { name: 'Delete resource' }).click();
  assert.match(asked, /Delete resource arn:aws:dynamodb:.*table\/Inventory\?/);
  await page.getByRole('button', { name: 'resource Inventory' }).waitFor();
  page.once('dialog', (d) => d.accept());
  await panel.getByRole('button', { name: 'Delete resource' }).click();
  await panel.getByRole('heading', { name: 'Account finance' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'resource Inventory' }).count(), 0);
  assert.equal(await panel.getByRole('button', { name: 'Delete resource' }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('a refused name says why and the editor stays on its policy', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const title = await editorTitle(page).textContent();
  await page.getByRole('button', { name: 'user ana' }).click();
  const form = await ask(page, page.getByRole('button', { name: 'Add inline policy' }), 'bad name!');
  // Said next to the field, the text kept to correct.
  await form.getByRole('alert').getByText(/`bad name!` is not a valid policy name/).waitFor();
  assert.equal(await form.getByRole('textbox').inputValue(), 'bad name!');
  assert.equal(await editorTitle(page).textContent(), title);
  await form.getByRole('textbox').fill('Mine');
  await form.getByRole('button', { name: 'Create' }).click();
  await editorTitle(page).filter({ hasText: 'finance/user/ana/Mine' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('deleting a user removes the exercises naming it, says so, and Undo brings them back', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('button', { name: /Exercises: 11 of 11 pass/ }).waitFor();
  await page.getByRole('button', { name: 'user ana' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete user' }).click();
  await page.getByText(/Deleted user ana; removed exercises cashiers-read-receipts, cashiers-cannot-delete-receipts that named it/).waitFor();
  await page.getByRole('button', { name: /Exercises: 9 of 9 pass/ }).waitFor();
  await page.getByRole('region', { name: 'Selected item' }).getByRole('heading', { name: 'Account finance' }).waitFor();
  // Focus stays in the panel (now the account), not on the page.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Selected item');
  await screenshot(page, 'entities-deleted-user');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: /Exercises: 11 of 11 pass/ }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('renaming an account keeps its exercises and the request working', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('treeitem', { name: /^Account finance/ }).click();
  await ask(page, page.getByRole('group', { name: /Actions for Account finance/ }).getByRole('button', { name: 'Rename' }), 'money');
  await page.getByRole('treeitem', { name: /^Account money/ }).waitFor();
  await page.getByRole('button', { name: /Exercises: 11 of 11 pass/ }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Principal', exact: true }).inputValue(), 'money/user/ana');
  await expectDecision(page, 'Allow');
  assert.deepEqual(page.problems, []);
});

test('an exercise that no longer resolves is listed with its error and can be removed', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const doc = JSON.parse(await readFile(join(here, '../../../scenarios/coffee-shop.json'), 'utf8'));
  doc.assertions.push({ kind: 'can', id: 'ghost', principal: 'finance/user/nobody', action: 's3:GetObject', resource: '*', expect: 'deny' });
  const file = join(tmpdir(), 'iam-ghost-exercise.json');
  await writeFile(file, JSON.stringify(doc));
  await page.getByLabel('Import a scenario file').setInputFiles(file);
  await page.getByRole('button', { name: /Exercises: 0 of 12 pass/ }).click();
  const ghost = page.getByRole('list', { name: 'Exercises' }).getByRole('listitem').filter({ hasText: 'no user `nobody`' });
  await ghost.waitFor();
  await screenshot(page, 'entities-broken-exercise');
  // Removing asks first.
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.accept(); });
  await ghost.getByRole('button', { name: 'Remove exercise ghost' }).click();
  await page.getByRole('button', { name: /Exercises: 11 of 11 pass/ }).waitFor();
  assert.match(asked, /Remove the exercise "ghost"\?/);
  assert.deepEqual(page.problems, []);
});
