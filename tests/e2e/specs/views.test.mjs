// The analysis views: who can, what can, and the access matrix (large ones are
// computed in a Web Worker, from the same wasm module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage } from '../harness.mjs';

const env = setup();

test('who can read a receipt', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('tab', { name: 'Who can' }).click();
  const list = page.getByRole('list', { name: 'Principals allowed' });
  for (const who of ['finance/user/ana', 'finance/user/ben', 'finance/role/Cashier', 'finance/root']) {
    await list.getByRole('button', { name: who }).waitFor();
  }
  assert.equal(await list.getByRole('button', { name: 'finance/user/carla' }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('what can an administrator do, by service and access level', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('combobox', { name: 'Principal', exact: true }).fill('finance/user/ana');
  await page.getByRole('tab', { name: 'What can' }).click();
  const s3 = page.getByRole('row', { name: /^s3/ });
  await s3.waitFor({ timeout: 15000 });
  assert.match(await s3.textContent(), /s3\s*1\s*1/); // 1 List, 1 Read
  await screenshot(page, 'views-what-can');
  assert.deepEqual(page.problems, []);
});

test('a large access matrix is computed in a Web Worker', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByText(/loading the IAM action catalog/).waitFor({ state: 'detached', timeout: 15000 });
  await page.getByRole('combobox', { name: 'Service' }).selectOption('s3');
  await page.getByRole('combobox', { name: 'Access level' }).selectOption('Write');
  await page.getByText(/computed in a Web Worker/).waitFor();
  const matrix = page.getByRole('table', { name: 'Access matrix' });
  const cell = matrix.getByRole('button', { name: 'finance/user/pos-terminal s3:PutObject: Allow' });
  await cell.waitFor({ timeout: 15000 });
  await matrix.getByRole('button', { name: 'finance/user/ana s3:PutObject: Implicit deny' }).waitFor();
  await screenshot(page, 'views-matrix');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
  // A cell opens that request in the decision view.
  await cell.click();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Principal', exact: true }).inputValue(), 'finance/user/pos-terminal');
  assert.deepEqual(page.problems, []);
});
