// Keyboard use: leaving the policy editor, completions announced to screen
// readers, Ctrl+Z in text fields, and focus in the organization tree when
// rows go away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage, expectDecision, ask } from '../harness.mjs';

const env = setup();

// A row's name is its aria-label or, for the SVG rows and cards, its <title>.
const activeLabel = (page) => page.evaluate(() => { const el = document.activeElement; return el?.getAttribute('aria-label') ?? el?.querySelector(':scope > title')?.textContent ?? el?.tagName; });

test('Tab indents in the policy editor; Escape, then Tab, moves on', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  const before = await editor.inputValue();
  await page.locator('#policy-help', { hasText: 'Tab indents: press Escape, then Tab, to move on' }).waitFor();
  await editor.evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await page.keyboard.press('Tab');
  assert.equal(await editor.inputValue(), `  ${before}`);
  assert.equal(await activeLabel(page), 'Policy document');
  await page.keyboard.press('Escape');
  await page.locator('#policy-help', { hasText: 'Tab now moves to the next control' }).waitFor();
  await page.keyboard.press('Tab');
  assert.notEqual(await activeLabel(page), 'Policy document');
  assert.equal(await editor.inputValue(), `  ${before}`, 'leaving inserted nothing');
  // Back in the editor, Tab indents again.
  await editor.evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await page.keyboard.press('Tab');
  assert.equal(await editor.inputValue(), `    ${before}`);
  assert.deepEqual(page.problems, []);
});

test('the selected completion is the textarea\'s active descendant', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await page.getByText(/loading the IAM action catalog/).waitFor({ state: 'detached', timeout: 15000 });
  const text = (await editor.inputValue()).replace('"s3:GetObject"', '"s3:GetObj"');
  await editor.fill(text);
  const at = text.indexOf('s3:GetObj') + 's3:GetObj'.length;
  await editor.evaluate((el, pos) => { el.focus(); el.setSelectionRange(pos, pos); }, at);
  await page.keyboard.press('Control+Space');
  const list = page.getByRole('listbox', { name: 'Completions' });
  await list.waitFor();
  const first = await editor.getAttribute('aria-activedescendant');
  assert.ok(first, 'an active descendant while the list is open');
  assert.equal(await page.locator(`#${first}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  const second = await editor.getAttribute('aria-activedescendant');
  assert.notEqual(second, first);
  assert.equal(await page.locator(`#${second}`).getAttribute('role'), 'option');
  assert.equal(await page.locator(`#${second}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await editor.getAttribute('aria-activedescendant'), null);
  assert.deepEqual(page.problems, []);
});

test('Ctrl+Z in a text field undoes the typing there, not the last scenario edit', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.fill((await editor.inputValue()).replace('"s3:GetObject"', '"s3:PutObject"'));
  await expectDecision(page, 'Implicit deny');
  const action = page.getByRole('combobox', { name: 'Action', exact: true });
  await action.click();
  await page.keyboard.press('End');
  await page.keyboard.type('X');
  assert.equal(await action.inputValue(), 's3:GetObjectX');
  await page.keyboard.press('Control+z');
  assert.match(await editor.inputValue(), /"s3:PutObject"/, 'the policy edit stays');
  assert.equal(await action.inputValue(), 's3:GetObject', 'the field undid its own typing');
  // In the policy editor, Ctrl+Z undoes scenario edits.
  await editor.focus();
  await page.keyboard.press('Control+z');
  await expectDecision(page, 'Allow');
  assert.deepEqual(page.problems, []);
});

test('deleting an OU from the keyboard moves focus to its parent row', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  await tree.getByRole('treeitem', { name: /^OU HR and Legal/ }).focus();
  page.once('dialog', (d) => d.accept());
  await page.keyboard.press('Delete');
  await tree.getByRole('treeitem', { name: /^OU HR and Legal/ }).waitFor({ state: 'detached' });
  assert.match(await activeLabel(page), /^Organization root/);
  assert.equal(await tree.locator('[role=treeitem][tabindex="0"]').count(), 1);
  assert.deepEqual(page.problems, []);
});

test('the Delete button moves focus to the parent row, which the actions then follow', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  await tree.getByRole('treeitem', { name: /^OU HR and Legal/ }).click();
  await ask(page, page.getByRole('group', { name: /Actions for OU HR and Legal/ }).getByRole('button', { name: 'Add OU' }), 'Temp');
  await tree.getByRole('treeitem', { name: /^OU Temp/ }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('group', { name: /Actions for OU Temp/ }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('group', { name: /Actions for OU HR and Legal/ }).waitFor();
  assert.match(await activeLabel(page), /^OU HR and Legal/);
  assert.equal(await tree.locator('[role=treeitem][tabindex="0"]').count(), 1);
  await screenshot(page, 'keyboard-org-deleted');
  assert.deepEqual(page.problems, []);
});

test('a row stays tabbable when the focused last row goes away', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  await tree.getByRole('treeitem').first().click();
  await ask(page, page.getByRole('group', { name: /Actions for Organization root/ }).getByRole('button', { name: 'Add OU' }), 'Last');
  await tree.getByRole('treeitem', { name: /^OU Last/ }).waitFor();
  await tree.getByRole('treeitem').first().focus();
  await page.keyboard.press('End');
  assert.match(await activeLabel(page), /^OU Last/);
  await page.getByRole('button', { name: 'Undo' }).click();
  await tree.getByRole('treeitem', { name: /^OU Last/ }).waitFor({ state: 'detached' });
  assert.equal(await tree.locator('[role=treeitem][tabindex="0"]').count(), 1);
  assert.deepEqual(page.problems, []);
});
