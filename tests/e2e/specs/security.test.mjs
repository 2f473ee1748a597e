// Hostile input: script payloads in every field (scenario names, IDs,
// descriptions, tags, policy documents, the request and its context, share
// links) must never run, and the Content-Security-Policy must report nothing
// (the app itself needs no inline script or style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { setup, expectDecision } from '../harness.mjs';

const env = setup();

/** Every payload form at once; each would set `window.__pwned` if it ran. */
export const payload = (tag) =>
  `"><img src=x onerror="window.__pwned='${tag}'"></script><script>window.__pwned='${tag}'</script>` +
  `<svg onload="window.__pwned='${tag}'">javascript:window.__pwned='${tag}'`;

/** A share-link fragment for a scenario and request, as the app makes them. */
export function shareFragment(scenario, request) {
  const json = JSON.stringify({ format: 1, scenario, request });
  return `#v1/${deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64url')}`;
}

const ACCOUNT = payload('account-name');
const statement = (tag) => ({
  Sid: 'Payload',
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::bucket/${payload(`${tag}-resource`)}`,
  Condition: { StringEquals: { [`aws:PrincipalTag/${payload(`${tag}-key`)}`]: payload(`${tag}-value`) } },
});
const doc = (tag) => ({ Version: '2012-10-17', Statement: [statement(tag)] });

/** A scenario with a payload wherever the format takes free text. */
export const hostileScenario = {
  version: 1,
  name: payload('scenario-name'),
  description: payload('scenario-description'),
  organization: {
    id: 'o-abcdefghij',
    managementAccount: ACCOUNT,
    policies: [{ name: payload('scp-name'), kind: 'scp', description: payload('scp-description'), document: doc('scp') }],
    root: {
      name: payload('root-name'),
      id: 'r-ab12',
      scps: ['FullAWSAccess', payload('scp-name')],
      accounts: [ACCOUNT],
      children: [{ name: payload('ou-name'), id: 'ou-ab12-abcdefgh', accounts: [] }],
    },
  },
  accounts: [
    {
      id: '111122223333',
      name: ACCOUNT,
      policies: [{ name: payload('managed-name'), description: payload('managed-description'), document: doc('managed') }],
      groups: [{ name: payload('group-name'), inlinePolicies: [{ name: payload('group-inline'), document: doc('group') }] }],
      users: [
        {
          name: payload('user-name'),
          groups: [payload('group-name')],
          tags: { [payload('tag-key')]: payload('tag-value') },
          inlinePolicies: [{ name: payload('user-inline'), document: doc('user') }],
        },
      ],
      roles: [
        {
          name: payload('role-name'),
          description: payload('role-description'),
          tags: { team: payload('role-tag') },
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }],
          },
        },
      ],
      resources: [
        {
          arn: `arn:aws:s3:::bucket`,
          tags: { [payload('resource-tag-key')]: payload('resource-tag-value') },
          policy: doc('bucket'),
        },
      ],
    },
  ],
};

const hostileRequest = {
  principal: payload('principal'),
  action: payload('action'),
  resource: payload('resource'),
  context: [[payload('context-key'), payload('context-value')]],
};

/** A page that records CSP violations and whether any payload ran. */
async function watchedPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  return page;
}

/** Nothing ran, and the CSP had nothing to block. */
async function assertClean(page, where) {
  // Give any handler a chance to fire (an image error, an SVG load).
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))));
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `a payload ran (${where})`);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], `CSP violations (${where})`);
  assert.deepEqual(page.problems, [], `console errors (${where})`);
}

/** Every view and every tree item, so that every field is rendered somewhere. */
async function visitEverything(page, where) {
  for (const tab of await page.getByRole('tab').all()) {
    await tab.click();
    await assertClean(page, `${where}, tab ${await tab.textContent()}`);
  }
  const items = await page.getByRole('treeitem').all();
  for (const item of items.slice(0, 12)) {
    await item.click({ timeout: 2000 }).catch(() => {});
  }
  await assertClean(page, `${where}, tree items`);
  // Back to the decision (wide results such as the matrix hide the editor).
  await page.getByRole('tab', { name: 'Decision' }).click();
}

test('the app starts under its Content-Security-Policy with no violation, worker included', async () => {
  const page = await watchedPage(env.browser, env.server.url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.match(csp, /'wasm-unsafe-eval'/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  assert.equal(await page.locator('[style]').count(), 0, 'no style attribute');
  // The access matrix runs in the Web Worker.
  await page.getByRole('tab', { name: 'Access matrix' }).click();
  await page.getByRole('table', { name: 'Access matrix' }).waitFor();
  // The matrix takes the whole width; the editor is back with the decision.
  await page.getByRole('tab', { name: 'Decision' }).click();
  // Completions (placed without a style attribute).
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  await editor.focus();
  await page.keyboard.press('Control+Space');
  await assertClean(page, 'start');
});

test('a hostile share link: payloads everywhere in the scenario and the request run nowhere', async () => {
  const page = await watchedPage(env.browser, env.server.url + shareFragment(hostileScenario, hostileRequest));
  await page.getByText('Opened the shared scenario.').waitFor();
  await page.locator('header .scenario-name', { hasText: 'onerror' }).waitFor();
  await assertClean(page, 'opened');
  await visitEverything(page, 'share link');
  // Open each policy in the editor (its highlighted overlay).
  const picker = page.getByRole('combobox', { name: /policy/i }).first();
  if (await picker.count()) {
    for (const option of await picker.locator('option').all()) {
      const value = await option.getAttribute('value');
      if (value) await picker.selectOption(value).catch(() => {});
    }
  }
  await assertClean(page, 'every policy in the editor');
  // The payload is shown as text, never parsed into elements.
  assert.equal(await page.locator('img[src=x], svg[onload], script:not([src])').count(), 0);
});

test('a hostile scenario file, then payloads typed into the request, its context and the policy editor', async () => {
  const page = await watchedPage(env.browser, env.server.url);
  const file = join(tmpdir(), 'iam-hostile-scenario.json');
  await writeFile(file, JSON.stringify(hostileScenario));
  await page.getByLabel('Import a scenario file').setInputFiles(file);
  await page.locator('header .scenario-name', { hasText: 'onerror' }).waitFor();
  await assertClean(page, 'imported');
  for (const name of ['Principal', 'Action', 'Resource']) {
    const box = page.getByRole('combobox', { name, exact: true }).or(page.getByRole('textbox', { name, exact: true }));
    await box.first().fill(payload(`typed-${name}`));
  }
  await page.getByText(/^Context \(/).click();
  await page.getByRole('button', { name: 'Add a context key' }).click();
  await page.getByRole('textbox', { name: 'Context key' }).last().fill(payload('typed-context-key'));
  await assertClean(page, 'typed request');
  const editor = page.getByRole('textbox', { name: 'Policy document' });
  if (await editor.count()) {
    await editor.fill(`{"Version": "2012-10-17", "Statement": [${JSON.stringify(statement('typed'))}]}\n${payload('typed-garbage')}`);
    await page.keyboard.press('Control+Space');
  }
  await assertClean(page, 'typed policy');
  await visitEverything(page, 'imported');
  // A reload reads the same payloads back from the autosave.
  await page.waitForTimeout(400);
  await page.reload();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  await assertClean(page, 'reloaded');
});

test('a hostile fragment that is no share link is a message, not markup', async () => {
  const page = await watchedPage(env.browser, `${env.server.url}#${encodeURIComponent(payload('fragment'))}`);
  await page.getByText(/The share link could not be opened/).waitFor();
  await assertClean(page, 'fragment');
  const javascriptUrl = await watchedPage(env.browser, `${env.server.url}#v1/javascript:window.__pwned=1`);
  await javascriptUrl.getByText(/The share link could not be opened/).waitFor();
  await assertClean(javascriptUrl, 'javascript fragment');
});
