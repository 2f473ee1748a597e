// The analysis views: who can, what can, and the access matrix (large ones are
// computed in a Web Worker, from the same wasm module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage, openPage } from '../harness.mjs';

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

test('a large access matrix is computed in a Web Worker, which stops when the tab closes', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByText(/loading the IAM action catalog/).waitFor({ state: 'detached', timeout: 15000 });
  await page.getByRole('combobox', { name: 'Service' }).selectOption('s3');
  await page.getByRole('combobox', { name: 'Access level' }).selectOption('Write');
  const matrix = page.getByRole('table', { name: 'Access matrix' });
  const cell = matrix.getByRole('button', { name: 'finance/user/pos-terminal s3:PutObject: Allow' });
  await cell.waitFor({ timeout: 15000 });
  await matrix.getByRole('button', { name: 'finance/user/ana s3:PutObject: Implicit deny' }).waitFor();
  // The reply says who computed it: the worker, not a main-thread fallback.
  await page.getByText(/cells, computed in a Web Worker$/).waitFor();
  assert.equal(workers.length, 1);
  await screenshot(page, 'views-matrix');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
  // Leaving the tab stops the worker; coming back starts one.
  const closed = new Promise((ok) => workers[0].once('close', ok));
  await page.getByRole('tab', { name: 'Who can' }).click();
  let timer;
  const timeout = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error('the worker kept running')), 5000); });
  await Promise.race([closed, timeout]).finally(() => clearTimeout(timer));
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByRole('combobox', { name: 'Service' }).selectOption('s3');
  await page.getByRole('combobox', { name: 'Access level' }).selectOption('Write');
  await cell.waitFor({ timeout: 15000 });
  assert.equal(workers.length, 2);
  // A cell opens that request in the decision view.
  await cell.click();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Principal', exact: true }).inputValue(), 'finance/user/pos-terminal');
  assert.deepEqual(page.problems, []);
});

test('a small matrix shows decisions while AWS managed policies load, and updates when they arrive', async () => {
  const page = await openPage(env.browser, 'about:blank');
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/data/managed-policies.json', async (route) => { await held; await route.continue(); });
  await page.goto(env.server.url);
  await page.getByRole('textbox', { name: 'Resource', exact: true }).or(page.getByRole('combobox', { name: 'Resource', exact: true })).fill('*');
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  const matrix = page.getByRole('table', { name: 'Access matrix' });
  // ivan's AdministratorAccess is a stand-in that allows nothing until it arrives.
  const ivan = (text) => matrix.getByRole('button', { name: `it/user/ivan ec2:RunInstances: ${text}` });
  await ivan('Implicit deny').waitFor();
  assert.equal(await page.locator('.matrix .request-error').count(), 0, 'no error for a policy still loading');
  release();
  await ivan('Allow').waitFor({ timeout: 15000 });
  assert.deepEqual(page.problems, []);
});
