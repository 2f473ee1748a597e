// The layout holds on a 1280×800 desktop and a 390-px phone, in light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, freshPage } from '../harness.mjs';

const env = setup();

for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`no horizontal overflow on ${name}`, async () => {
    const page = await freshPage(env.browser, env.server.url, viewport);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${name} viewport`);
    await screenshot(page, `layout-${name}`);
    assert.deepEqual(page.problems, []);
  });
}

test('dark theme follows the system', async () => {
  const page = await freshPage(env.browser, env.server.url);
  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 18, 22)');
  await screenshot(page, 'layout-dark');
});

/** Controls whose accessible name, as Chromium computes it for assistive technology, is empty. */
async function unnamedControls(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const roles = new Set(['button', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'treeitem', 'tree', 'tab',
    'tablist', 'listbox', 'option', 'link', 'slider', 'spinbutton', 'switch', 'menuitem', 'table']);
  const out = [];
  for (const n of nodes) {
    if (n.ignored || !roles.has(n.role?.value) || String(n.name?.value ?? '').trim()) continue;
    const { node } = await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId });
    out.push(`${n.role.value}: <${node.localName} ${(node.attributes ?? []).join(' ')}>`);
  }
  await cdp.detach();
  return out;
}

test('every control has an accessible name, on every panel', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const check = async (where) => assert.deepEqual(await unnamedControls(page), [], where);
  await check('first screen');
  for (const card of ['user carla', 'group Cashiers', 'role Cashier', 'resource awsdoc-example-bucket']) {
    await page.getByRole('button', { name: card }).click();
    await page.getByRole('region', { name: 'Selected item' }).waitFor();
    await check(`entity panel of ${card}`);
  }
  for (const row of [/^Organization root/, /^OU HR and Legal/, /^Account finance/]) {
    await page.getByRole('treeitem', { name: row }).click();
    await page.getByRole('group', { name: /^Actions for / }).waitFor();
    await check(`node actions of ${row}`);
  }
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByRole('table', { name: 'Access matrix' }).getByRole('button').first().waitFor();
  await check('access matrix');
  for (const tab of ['Who can', 'What can', 'Exercises']) {
    await page.getByRole('tab', { name: tab }).click();
    await check(`${tab} view`);
  }
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.getByRole('region', { name: 'Share link' }).waitFor();
  await check('share link');
  assert.deepEqual(page.problems, []);
});
