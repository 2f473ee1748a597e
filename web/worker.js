// The access-matrix worker: this app's own wasm module, started in a module
// worker (main() sees a worker scope and serves matrix requests).
import init from './iam-playground-web.js';
await init({ module_or_path: './iam-playground-web_bg.wasm' });
