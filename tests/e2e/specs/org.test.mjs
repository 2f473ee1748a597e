// Building the organization: OUs and accounts by menus and keyboard, moving by
// drag and drop, and an SCP that flips a decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage, expectDecision, ask } from '../harness.mjs';

const env = setup();

test('build an OU and an account with the keyboard and menus', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  // Keyboard: focus the first node (the root) and select it with Enter.
  await tree.getByRole('treeitem').first().focus();
  await page.keyboard.press('Enter');
  const actions = page.getByRole('group', { name: /Actions for Organization root/ });
  await ask(page, actions.getByRole('button', { name: 'Add OU' }), 'Stores');
  const ou = tree.getByRole('treeitem', { name: /^OU Stores/ });
  await ou.waitFor();
  await ou.click();
  await ask(page, page.getByRole('group', { name: /Actions for OU Stores/ }).getByRole('button', { name: 'Add account' }), 'store-berlin');
  await tree.getByRole('treeitem', { name: /^Account store-berlin/ }).waitFor();
  // Arrow keys move between nodes.
  await tree.getByRole('treeitem').first().focus();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => { const el = document.activeElement; return el?.getAttribute('aria-label') ?? el?.querySelector(':scope > title')?.textContent; });
  assert.match(focused, /^Account coffee-shop/);
  await screenshot(page, 'org-built');
  assert.deepEqual(page.problems, []);
});

test('drag an account into an OU', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  const it = tree.getByRole('treeitem', { name: /^Account it/ });
  const ou = tree.getByRole('treeitem', { name: /^OU HR and Legal/ });
  await it.dragTo(ou);
  // "it" now sits under the OU: its row follows the OU row, indented.
  const labels = await tree.getByRole('treeitem').evaluateAll((els) => els.map((e) => [e.querySelector(':scope > title').textContent, e.getAttribute('aria-level')]));
  const itRow = labels.find(([l]) => l.startsWith('Account it'));
  assert.equal(itRow[1], '3', 'the account is one level below the OU');
  // The IT administrator is now bound by the OU's service allow-list.
  await page.getByRole('combobox', { name: 'Principal', exact: true }).fill('it/user/ivan');
  await page.getByRole('combobox', { name: 'Action', exact: true }).fill('ec2:RunInstances');
  await page.getByRole('combobox', { name: 'Resource', exact: true }).fill('*');
  await expectDecision(page, 'Implicit deny');
  await screenshot(page, 'org-dragged');
  assert.deepEqual(page.problems, []);
});

test('an SCP that denies flips the decision, and detaching it flips it back', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await expectDecision(page, 'Allow'); // ana reads a receipt in the finance account
  await ask(page, page.getByRole('button', { name: 'New SCP' }), 'DenyReadingReceipts');
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await page.getByRole('heading', { name: /org\/scp\/DenyReadingReceipts/ }).waitFor();
  await editor.fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] }, null, 2));
  // Drag the new policy from the library onto the finance account.
  const chip = page.getByRole('list', { name: 'Organization policies' }).getByRole('listitem').filter({ hasText: 'DenyReadingReceipts' });
  const finance = page.getByRole('treeitem', { name: /^Account finance/ });
  await chip.dragTo(finance);
  await expectDecision(page, 'Explicit deny');
  await page.getByRole('list', { name: 'Policy layers' }).getByText(/Deny .*org\/scp\/DenyReadingReceipts/).waitFor();
  await screenshot(page, 'org-scp-deny');
  // Detach it from the account's menu.
  await finance.click();
  await page.getByRole('button', { name: 'Detach SCP DenyReadingReceipts' }).click();
  await expectDecision(page, 'Allow');
  assert.deepEqual(page.problems, []);
});

test('"Move to" keeps the moved OU selected', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  await tree.getByRole('treeitem').first().click();
  await ask(page, page.getByRole('group', { name: /Actions for Organization root/ }).getByRole('button', { name: 'Add OU' }), 'Stores');
  await tree.getByRole('treeitem', { name: /^OU HR and Legal/ }).click();
  const actions = page.getByRole('group', { name: /Actions for OU HR and Legal/ });
  await actions.getByRole('combobox', { name: 'Move to' }).selectOption({ label: '  Stores' });
  // HR and Legal now sits under Stores, and is still the one selected.
  const hr = tree.getByRole('treeitem', { name: /^OU HR and Legal/ });
  await page.waitForFunction(() => [...document.querySelectorAll('[role=treeitem]')].find((e) => e.querySelector(':scope > title')?.textContent.startsWith('OU HR and Legal'))?.getAttribute('aria-level') === '3');
  assert.equal(await hr.getAttribute('aria-selected'), 'true');
  await page.getByRole('group', { name: /Actions for OU HR and Legal/ }).waitFor();
  assert.equal(await tree.getByRole('treeitem', { name: /^OU Stores/ }).getAttribute('aria-selected'), 'false');
  assert.deepEqual(page.problems, []);
});

test('adding an account after deleting another never reuses an ID', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const tree = page.getByRole('tree', { name: 'Organization tree' });
  const addAccount = async (name) => {
    await tree.getByRole('treeitem').first().click();
    await ask(page, page.getByRole("group", { name: /Actions for Organization root/ }).getByRole("button", { name: "Add account" }), name);
    await tree.getByRole('treeitem', { name: new RegExp(`^Account ${name} `) }).waitFor();
  };
  await addAccount('a1');
  await addAccount('a2');
  await tree.getByRole('treeitem', { name: /^Account a1 / }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('group', { name: /Actions for Account a1/ }).getByRole('button', { name: 'Delete' }).click();
  await tree.getByRole('treeitem', { name: /^Account a1 / }).waitFor({ state: 'detached' });
  await addAccount('a3');
  const ids = await tree.getByRole('treeitem', { name: /^Account / }).evaluateAll((els) => els.map((e) => e.querySelector(':scope > title').textContent.match(/\d{12}/)[0]));
  assert.equal(new Set(ids).size, ids.length, `duplicate IDs: ${ids}`);
  assert.deepEqual(page.problems, []);
});
