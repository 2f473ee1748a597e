// The access-matrix worker: this app's own wasm module, started in a module
// worker (main() sees a worker scope and serves matrix requests). Messages that
// arrive while the module loads are kept and handed over once it is ready.
import init from './iam-playground-web.js';

const early = [];
self.onmessage = (e) => early.push(e);
await init({ module_or_path: './iam-playground-web_bg.wasm' });
for (const e of early) self.onmessage(e);
