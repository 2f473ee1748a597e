// The page loads cleanly with the coffee shop, a person types in a policy, and
// the live decision follows every keystroke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage, expectDecision, decisionText } from '../harness.mjs';

const env = setup();

test('loads the coffee shop with no console errors and a decision', async () => {
  const page = await freshPage(env.browser, env.server.url);
  assert.equal(await decisionText(page), 'Allow');
  await page.getByRole('tree', { name: 'Organization tree' }).waitFor();
  await page.getByRole('button', { name: /Exercises: 11 of 11 pass/ }).waitFor();
  // The AWS managed policy corpus arrives after first paint without errors.
  await page.waitForFunction(() => !document.body.textContent.includes('Loading AWS managed policies'));
  await screenshot(page, 'smoke-loaded');
  assert.deepEqual(page.problems, []);
});

test('typing in the policy editor updates the decision live', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  // The open policy is the Cashiers group's ReadReceipts; the request reads a receipt.
  const text = await editor.inputValue();
  assert.match(text, /"s3:GetObject"/);
  await editor.fill(text.replace('"s3:GetObject"', '"s3:PutObject"'));
  await expectDecision(page, 'Implicit deny');
  // Type it back, one key at a time.
  await editor.fill(text.replace('"s3:GetObject"', '"s3:"'));
  await editor.focus();
  const at = (await editor.inputValue()).indexOf('"s3:"') + 4;
  await editor.evaluate((el, pos) => el.setSelectionRange(pos, pos), at);
  await page.keyboard.type('GetObject');
  await expectDecision(page, 'Allow');
  await screenshot(page, 'smoke-typed');
  assert.deepEqual(page.problems, []);
});
