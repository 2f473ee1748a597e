// Shared end-to-end harness: serves the release build on 127.0.0.1 and opens it
// in Debian's headless Chromium through playwright-core (which never downloads a
// browser). Pages fail their test on any console error or uncaught exception.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const here = new URL('.', import.meta.url).pathname;
export const DIST = resolve(here, process.env.DIST_DIR ?? '../../target/e2e-dist');
export const SHOTS = resolve(here, 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves DIST on an ephemeral port; resolves to { url, close }. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens a page that records console errors and page errors in `page.problems`. */
export async function openPage(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return page;
}

export async function screenshot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The live decision text. */
export async function decisionText(page) {
  return (await page.getByRole('status', { name: 'Decision' }).textContent())?.trim();
}

/** Waits until the live decision shows `text`. */
export async function expectDecision(page, text) {
  await page.waitForFunction(
    (t) => document.querySelector('output[aria-label=Decision]')?.textContent?.trim() === t,
    text,
    { timeout: 5000 },
  );
}

/** Opens a fresh page with empty storage. */
export async function freshPage(browser, url, viewport) {
  const page = await openPage(browser, url, viewport);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('status', { name: 'Decision' }).waitFor();
  return page;
}

/**
 * Clicks `button`, which opens an in-page form, types `values` into its fields
 * (the first ones; the rest keep what they offer) and submits it.
 */
export async function ask(page, button, ...values) {
  await button.click();
  const form = page.locator('form.ask').last();
  await form.waitFor();
  const inputs = form.locator('input');
  for (let i = 0; i < values.length; i++) await inputs.nth(i).fill(values[i]);
  await form.locator('button[type=submit]').click();
  return form;
}

/** Sets the request's principal/action/resource through the form, as a person would. */
export async function setRequest(page, { principal, action, resource }) {
  const fill = async (name, value) => {
    if (value === undefined) return;
    const box = page.getByRole('combobox', { name, exact: true }).or(page.getByRole('textbox', { name, exact: true }));
    await box.first().fill(value);
  };
  await fill('Principal', principal);
  await fill('Action', action);
  await fill('Resource', resource);
}

/**
 * Starts the static server and the browser for a spec file (node:test hooks);
 * `env.server` and `env.browser` are set once `before` has run.
 */
export function setup() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
