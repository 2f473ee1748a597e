import { generateScenario } from './generate.mjs';
import { evaluateSafe } from './oracle.mjs';
const kinds = new Map();
for (let i = 0; i < 2000; i++) {
  const s = generateScenario('1', i);
  const r = await evaluateSafe(s);
  if (!r.error) continue;
  const d = r.details || {};
  const msgs = [];
  const walk = (o, path) => { if (Array.isArray(o)) o.forEach((x,j)=>walk(x, path)); else if (o && typeof o === 'object') { if (o.message && o.path) msgs.push(path + ' ' + o.path.replace(/\d+/g,'N') + ': ' + o.message); else for (const [k,v] of Object.entries(o)) walk(v, path+'.'+k); } };
  walk(d, '');
  for (const m of new Set(msgs)) kinds.set(m, (kinds.get(m)||0)+1);
  if (!msgs.length) kinds.set(JSON.stringify(d).slice(0,300), (kinds.get(JSON.stringify(d).slice(0,300))||0)+1);
}
for (const [k, n] of [...kinds].sort((a,b)=>b[1]-a[1]).slice(0,40)) console.log(n, k);
