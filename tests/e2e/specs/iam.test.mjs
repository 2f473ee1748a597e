// IAM inside an account: group membership, a policy with a mistake and its
// diagnostic, and switching into a role as the coffee-shop story tells.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, screenshot, freshPage, expectDecision, answerPrompt } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('adding a user to a group grants the group policy', async () => {
  const page = await freshPage(browser, server.url);
  answerPrompt(page, 'dora');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dora = page.getByRole('button', { name: 'user dora' });
  await dora.waitFor();
  await page.getByRole('combobox', { name: 'Principal', exact: true }).fill('finance/user/dora');
  await expectDecision(page, 'Implicit deny');
  await dora.click();
  await page.getByRole('checkbox', { name: /member of Cashiers/ }).check();
  await expectDecision(page, 'Allow');
  await screenshot(page, 'iam-group');
  assert.deepEqual(page.problems, []);
});

test('a mistake in a policy is underlined and listed with its line', async () => {
  const page = await freshPage(browser, server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  const text = await editor.inputValue();
  await editor.fill(text.replace('"Effect": "Allow"', '"Effect": "Alow"'));
  const problems = page.getByRole('list', { name: 'Policy problems' });
  await problems.getByText('`Alow` is not an effect').waitFor();
  const line = text.split('\n').findIndex((l) => l.includes('"Effect": "Allow"')) + 1;
  await problems.getByRole('button', { name: new RegExp(`Go to line ${line} column`) }).waitFor();
  assert.equal(await page.locator('.code-overlay .d-error').count() > 0, true, 'the spot is underlined');
  await screenshot(page, 'iam-diagnostic');
  assert.deepEqual(page.problems, []);
});

test('switching into the Inventory role leaves the cashier permissions behind', async () => {
  const page = await freshPage(browser, server.url);
  await page.getByRole('combobox', { name: 'Principal', exact: true }).fill('finance/user/carla');
  await page.getByRole('combobox', { name: 'Switch role' }).selectOption('finance/role/Inventory');
  await page.getByText('finance/user/carla switched into finance/role/Inventory').waitFor();
  // Reading receipts: not as Inventory.
  await expectDecision(page, 'Implicit deny');
  await page.getByRole('combobox', { name: 'Action', exact: true }).fill('dynamodb:UpdateItem');
  await page.getByRole('combobox', { name: 'Resource', exact: true }).fill('arn:aws:dynamodb:us-east-1:222233334444:table/Inventory');
  await expectDecision(page, 'Allow');
  await screenshot(page, 'iam-switched');
  await page.getByRole('button', { name: 'Switch back' }).click();
  await expectDecision(page, 'Implicit deny'); // carla herself cannot update stock
  assert.deepEqual(page.problems, []);
});
