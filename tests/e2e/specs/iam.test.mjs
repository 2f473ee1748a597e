// IAM inside an account: group membership, a policy with a mistake and its
// diagnostic, and switching into a role as the coffee-shop story tells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage, expectDecision, ask } from '../harness.mjs';

const env = setup();

test('adding a user to a group grants the group policy', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await ask(page, page.getByRole('button', { name: 'Add user' }), 'dora');
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
  const page = await freshPage(env.browser, env.server.url);
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

test('the notes\' own typo (s3:ListObject) gets a did-you-mean from the linter', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  const text = await editor.inputValue();
  await editor.fill(text.replace('"s3:ListBucket"', '"s3:ListObject"'));
  const problems = page.getByRole('list', { name: 'Policy problems' });
  const finding = problems.getByRole('listitem').filter({ hasText: 'unknown-action' });
  await finding.waitFor({ timeout: 15000 }); // the catalog arrives after first paint
  assert.match(await finding.textContent(), /s3:ListBucket/);
  await screenshot(page, 'iam-typo');
  assert.deepEqual(page.problems, []);
});

test('completions offer actions from the catalog', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await page.getByText(/loading the IAM action catalog/).waitFor({ state: 'detached', timeout: 15000 });
  const text = await editor.inputValue();
  await editor.fill(text.replace('"s3:GetObject"', '"s3:GetObjectT"'));
  const at = (await editor.inputValue()).indexOf('s3:GetObjectT') + 'S3:GetObjectT'.length;
  await editor.evaluate((el, pos) => { el.focus(); el.setSelectionRange(pos, pos); }, at);
  await page.keyboard.press('Control+Space');
  const list = page.getByRole('listbox', { name: 'Completions' });
  await list.getByRole('option', { name: /s3:GetObjectTagging/ }).waitFor();
  await screenshot(page, 'iam-completions');
  await page.keyboard.press('Enter');
  assert.match(await editor.inputValue(), /"s3:GetObjectTagging"/);
  assert.deepEqual(page.problems, []);
});

test('switching into the Inventory role leaves the cashier permissions behind', async () => {
  const page = await freshPage(env.browser, env.server.url);
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

test('customer managed policies show where they are attached and open in the editor', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('combobox', { name: 'Load a scenario from the gallery' }).selectOption('privilege-escalation-trap.json');
  const card = page.getByRole('button', { name: 'policy DeveloperBoundary' });
  await card.waitFor();
  assert.match(await card.textContent(), /1 attachment\b/);
  // sofia's permissions boundary: one dotted edge from the policy to her card.
  const edge = page.locator('svg.account-graph path.edge.boundary');
  assert.equal(await edge.count(), 1);
  assert.match(await edge.locator('title').textContent(), /DeveloperBoundary is permissions boundary of this user/);
  await card.click();
  await page.locator('#editor-title', { hasText: 'DeveloperBoundary' }).waitFor();
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'iam-managed-policies');
  assert.deepEqual(page.problems, []);
});
