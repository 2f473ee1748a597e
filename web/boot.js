// Trunk's initializer for the app's Wasm: the loading line under way, a clear
// message if the module cannot be fetched or started, nothing once it runs.
export default function initializer() {
  const boot = () => document.getElementById('boot');
  return {
    onProgress({ current, total }) {
      const p = boot()?.querySelector('.boot-progress');
      if (p && total) p.textContent = ` ${Math.round((current / total) * 100)} %`;
    },
    onSuccess() {
      boot()?.remove();
    },
    onFailure(error) {
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
    },
  };
}
