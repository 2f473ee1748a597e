// The first end-to-end flow: the page loads cleanly, a person types a policy,
// and the live decision follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot } from '../harness.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('loads without console errors and shows a decision', async () => {
  const page = await openPage(browser, server.url);
  const decision = page.getByRole('status', { name: 'Decision' });
  await decision.waitFor();
  assert.equal(await decision.textContent(), 'Allow');
  await screenshot(page, 'smoke-loaded');
  assert.deepEqual(page.problems, []);
});

test('typing a policy updates the decision live', async () => {
  const page = await openPage(browser, server.url);
  const editor = page.getByRole('textbox', { name: 'Identity policy' });
  await editor.fill('');
  await editor.pressSequentially(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}',
  );
  const decision = page.getByRole('status', { name: 'Decision' });
  await page.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Explicit deny');
  assert.equal(await decision.textContent(), 'Explicit deny');

  // A syntax error is reported at its line and the decision waits for valid JSON.
  await editor.fill('{\n  "Version": "2012-10-17",\n}');
  const problems = page.getByRole('list', { name: 'Policy problems' });
  await problems.getByText('trailing comma', { exact: false }).waitFor();
  assert.match(await problems.textContent(), /2:26/);
  assert.equal(await decision.textContent(), 'No decision');

  // Changing the action flips the decision back and forth.
  await editor.fill('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}');
  const action = page.getByRole('textbox', { name: 'Action', exact: true });
  await action.fill('s3:PutObject');
  await page.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Implicit deny');
  await action.fill('s3:GetObject');
  await page.waitForFunction(() => document.querySelector('output[aria-label=Decision]')?.textContent === 'Allow');
  await screenshot(page, 'smoke-typed');
  assert.deepEqual(page.problems, []);
});
