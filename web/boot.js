// Starts the app. Trunk's inline loader is switched off (Trunk.toml:
// inject_scripts = false) because the Content-Security-Policy in index.html
// allows no inline script; this file is the same loader, served from 'self'.
import init from './iam-playground-web.js';

const wasm = await init({ module_or_path: './iam-playground-web_bg.wasm' });
// As trunk's loader does, for anything that waits for the app.
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
