// Starts the app. Trunk's inline loader is switched off (Trunk.toml:
// inject_scripts = false) because the Content-Security-Policy in index.html
// allows no inline script; this file is the same loader, served from 'self'.
// While it runs, index.html shows a loading line (#boot); it is removed once
// the app starts, or replaced by a clear message if the module cannot be
// fetched or started.
import init from './iam-playground-web.js';

const boot = () => document.getElementById('boot');

function failed(error) {
  const b = boot();
  if (!b) return;
  b.classList.add('boot-failed');
  b.setAttribute('role', 'alert');
  b.textContent = '';
  const h = document.createElement('h1');
  h.textContent = 'IAM Playground could not start';
  const p = document.createElement('p');
  p.textContent = 'Its WebAssembly module did not load (' + String(error?.message ?? error) +
    '). Reload the page; if this keeps happening, your browser may block WebAssembly or the connection dropped.';
  b.append(h, p);
}

try {
  const wasm = await init({ module_or_path: './iam-playground-web_bg.wasm' });
  boot()?.remove();
  // As trunk's loader does, for anything that waits for the app.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  failed(error);
}
