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

test('every control has an accessible name', async () => {
  const page = await freshPage(env.browser, env.server.url);
  const unnamed = await page.evaluate(() => {
    const controls = [...document.querySelectorAll('button, input, select, textarea, [role=button], [role=treeitem], [role=tab]')];
    return controls
      .filter((el) => {
        const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.getAttribute('title');
        return !label || !label.trim();
      })
      .map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unnamed, []);
});
