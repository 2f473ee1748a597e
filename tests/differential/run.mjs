#!/usr/bin/env node
// Differential test: iamplay vs the @cloud-copilot/iam-simulate oracle.
//
//   node run.mjs [--count N] [--seed S] [--iamplay PATH] [--minimize-max M] [--examples K] [--quiet]
//
// 1. generates N scenarios (generate.mjs, seeded),
// 2. evaluates them with the oracle in-process (oracle.mjs) and with `iamplay simulate --jsonl`
//    in ONE batch,
// 3. compares every action × resource decision,
// 4. shrinks disagreements (greedy, batched: every round is one iamplay process),
// 5. groups them by a signature of the shrunk input, writes examples to out/disagreements-*.json,
// 6. excuses disagreements recognised by known-deviations.json.
// Exit 0 when every disagreement is a known deviation, 1 otherwise (2 on harness errors).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, unlinkSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { evaluateSafe, resourceAccountFor, accountFrom, callerKind } from './oracle.mjs';
import { generateScenario, KEYS } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = {
    count: 10000,
    seed: '1',
    iamplay: resolve(HERE, '../../target/release/iamplay'),
    minimizeMax: 1500,
    examples: 3,
    quiet: false,
    out: join(HERE, 'out'),
    known: join(HERE, 'known-deviations.json')
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--count') o.count = Number(v());
    else if (a === '--seed') o.seed = String(v());
    else if (a === '--iamplay') o.iamplay = resolve(v());
    else if (a === '--minimize-max') o.minimizeMax = Number(v());
    else if (a === '--examples') o.examples = Number(v());
    else if (a === '--out') o.out = resolve(v());
    else if (a === '--known') o.known = resolve(v());
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log('node run.mjs [--count N] [--seed S] [--iamplay PATH] [--minimize-max M] [--examples K] [--out DIR] [--known FILE] [--quiet]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => { if (!opts.quiet) console.error(...a); };

// ---------------------------------------------------------------------------------------------
// Running both engines

function runOurs(inputs) {
  const text = inputs.map((i) => JSON.stringify(i)).join('\n') + '\n';
  const t0 = performance.now();
  const p = spawnSync(opts.iamplay, ['simulate', '--input', '-', '--jsonl'], { input: text, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (p.error) throw new Error(`cannot run ${opts.iamplay}: ${p.error.message}`);
  const lines = p.stdout.toString().split('\n').filter((l) => l.trim());
  if (lines.length !== inputs.length) {
    throw new Error(`iamplay printed ${lines.length} lines for ${inputs.length} inputs (exit ${p.status}): ${p.stderr.toString().slice(0, 500)}`);
  }
  return { ms, results: lines.map(parseOurs) };
}

function parseOurs(line) {
  const o = JSON.parse(line);
  if (o.Error !== undefined) return { error: String(o.Error) };
  return {
    decisions: (o.EvaluationResults || []).map((e) => e.EvalDecision),
    names: (o.EvaluationResults || []).map((e) => [e.EvalActionName, e.EvalResourceName]),
    raw: o
  };
}

async function runOracle(inputs) {
  const t0 = performance.now();
  const out = [];
  for (const i of inputs) {
    const r = await evaluateSafe(i);
    out.push(r.error ? { error: r.error, details: r.details } : { decisions: r.results.map((x) => x.decision), results: r.results });
  }
  return { ms: performance.now() - t0, results: out };
}

function pairsOf(input) {
  const acts = input.ActionNames || [];
  const res = input.ResourceArns && input.ResourceArns.length ? input.ResourceArns : ['*'];
  return acts.flatMap((a) => res.map((r) => [a, r]));
}

// ---------------------------------------------------------------------------------------------
// Features of an input (tags), used for signatures and known-deviation rules

function parseMaybe(p) {
  if (p && typeof p === 'object') return p;
  try { return JSON.parse(p); } catch { return null; }
}

const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function normKey(k) {
  const i = k.indexOf('/');
  return i < 0 ? k.toLowerCase() : `${k.slice(0, i).toLowerCase()}/*`;
}

function principalForms(p, tags, prefix) {
  if (p === '*') { tags.add(`${prefix}:"*"`); return; }
  for (const [type, vals] of Object.entries(p || {})) {
    for (const v of asList(vals)) {
      let form;
      if (type === 'Service') form = 'service';
      else if (type !== 'AWS') form = type.toLowerCase();
      else if (v === '*') form = 'AWS:*';
      else if (/^\d{12}$/.test(v)) form = 'account-id';
      else if (/:root$/.test(v)) form = 'account-root';
      else if (/:user\//.test(v)) form = 'user-arn';
      else if (/:role\//.test(v)) form = 'role-arn';
      else if (/:assumed-role\//.test(v)) form = 'session-arn';
      else form = 'other';
      tags.add(`${prefix}:${form}`);
    }
  }
}

// Keys our engine derives for each caller kind (the oracle adapter fills the same ones).
const DERIVED = {
  user: ['aws:principalarn', 'aws:principalaccount', 'aws:principalisawsservice', 'aws:principaltype', 'aws:username', 'aws:resourceaccount'],
  session: ['aws:principalarn', 'aws:principalaccount', 'aws:principalisawsservice', 'aws:principaltype', 'aws:resourceaccount'],
  root: ['aws:principalarn', 'aws:principalaccount', 'aws:principalisawsservice', 'aws:principaltype', 'aws:resourceaccount'],
  service: ['aws:principalservicename', 'aws:principalisawsservice'],
  anonymous: ['aws:resourceaccount']
};

// env: {present: Set of lower-case context keys available, lists: Set of keys given as *List}
function docTags(doc, layer, tags, env) {
  const d = parseMaybe(doc);
  if (!d) { tags.add(`${layer}:unparseable`); return; }
  if (d.Version === '2008-10-17') tags.add('version:2008');
  if (d.Version === undefined) tags.add('version:none');
  for (const s of asList(d.Statement)) {
    tags.add(`${layer}:${s.Effect}`);
    if (s.NotAction !== undefined) tags.add('el:NotAction');
    if (s.NotResource !== undefined) tags.add('el:NotResource');
    if (s.NotPrincipal !== undefined) { tags.add('el:NotPrincipal'); principalForms(s.NotPrincipal, tags, 'notprincipal'); }
    if (s.Principal !== undefined && layer === 'rbp') principalForms(s.Principal, tags, 'principal');
    for (const a of asList(s.Action ?? s.NotAction)) {
      if (a.includes('?')) tags.add('action:qmark');
      if (a === '*') tags.add('action:star');
      else if (a.includes('*')) tags.add('action:wildcard');
      const [svc, name = ''] = a.split(':');
      if (svc !== svc.toLowerCase() || (name && name[0] !== name[0].toUpperCase())) tags.add('action:odd-case');
    }
    for (const r of asList(s.Resource ?? s.NotResource)) {
      if (r.includes('${')) tags.add('var:resource');
      if (r.includes('?')) tags.add('resource:qmark');
      if (r !== '*' && r.includes('*')) tags.add('resource:wildcard');
      // a wildcard inside the resource-type word, before the first "/" or ":" of the resource part
      // (e.g. "table/Ord?rs" no, "tab?e/Orders" yes, "func?ion:process-orders" yes); S3 has no type word
      const parts = r.split(':');
      const rest = parts.slice(5).join(':');
      const typeWord = rest.split(/[/:]/)[0];
      if (parts[2] !== 's3' && /[/:]/.test(rest) && /[*?]/.test(typeWord) && typeWord !== '*') tags.add('resource:wildcard-in-type');
      // a "?" standing for a ":" of the request ARN (fewer colons than the requested resource)
      if (env.resource && r.includes('?') && r !== '*' && r.split(':').length < env.resource.split(':').length) tags.add('resource:qmark-spans-colon');
      if (s.NotResource !== undefined && missingVars(r, env).length) tags.add('notresource:var-missing');
      if (missingVars(r, env).length) tags.add('var:missing');
    }
    for (const [op, block] of Object.entries(s.Condition || {})) {
      tags.add(`op:${op}`);
      const setOp = /^For(Any|All)Value/.test(op);
      for (const [k, vals] of Object.entries(block || {})) {
        const kl = k.toLowerCase();
        tags.add(`key:${normKey(k)}`);
        const present = env.present.has(kl);
        if (setOp && /IfExists$/.test(op) && !present) tags.add('cond:setop-ifexists-missing-key');
        if (!setOp && op !== 'Null' && env.lists.has(kl)) tags.add('cond:multivalued-key-without-setop');
        if (setOp && present && !env.lists.has(kl)) tags.add('cond:setop-on-single-valued-key');
        for (const v of asList(vals)) {
          const sv = String(v);
          if (sv.includes('${')) tags.add(/\$\{[^}]*,\s*'/.test(sv) ? 'var:default' : 'var:condition');
          if (missingVars(sv, env).length) {
            tags.add('var:missing');
            if (/Not/.test(op)) tags.add('cond:negated-with-missing-var');
          }
          if (/^(For\w+:)?Arn/.test(op) && sv.replace(/\$\{[^}]*\}/g, '\u0000').split(':').slice(0, 5).some((f) => f.includes('\u0000'))) {
            tags.add('cond:arn-var-before-resource');
          }
          if (/Date/.test(op) && /^\d+$/.test(sv)) tags.add('date:epoch');
          if (/IpAddress/.test(op) && /\/0$/.test(sv)) tags.add('ip:/0');
          if (/IpAddress/.test(op) && !sv.includes('/')) {
            const fam = (x) => (String(x).includes(':') ? 6 : 4);
            if ((env.values.get(kl) || []).some((c) => fam(c) !== fam(sv))) tags.add('ip:bare-address-other-family');
          }
        }
        if (/Date/.test(op) && env.epochKeys.has(kl)) tags.add('date:epoch');
      }
    }
  }
}

// Variables in a string that resolve to nothing (no default, key not available).
function missingVars(text, env) {
  const out = [];
  for (const m of String(text).matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1];
    if (['*', '?', '$'].includes(inner)) continue;
    if (/,\s*'[^']*'\s*$/.test(inner)) continue;
    const key = inner.trim().toLowerCase();
    if (!env.present.has(key)) out.push(key);
  }
  return out;
}

export function tagsOf(input, pair) {
  const tags = new Set();
  const caller = input.CallerArn || '';
  const kind = callerKind(caller);
  tags.add(`caller:${kind}`);
  const callerAcct = kind === 'anonymous' || kind === 'service' ? undefined : accountFrom(caller);
  if (pair) {
    const [action, resource] = pair;
    tags.add(`svc:${action.split(':')[0]}`);
    tags.add(`action:${action}`);
    const ra = resourceAccountFor(resource, input.ResourceOwner, callerAcct);
    tags.add(!callerAcct ? 'acct:n/a' : ra === callerAcct ? 'acct:same' : 'acct:cross');
    if (resource === '*') tags.add('resource:*');
  }
  if (input.ResourceOwner) tags.add('ResourceOwner');
  if (asList(input.PolicyInputList).length) tags.add('layer:identity');
  if (asList(input.PermissionsBoundaryPolicyInputList).length) tags.add('layer:boundary');
  if (asList(input.SessionPolicyInputList).length) tags.add('layer:session');
  if (input.ResourcePolicy) tags.add('layer:rbp');
  const levels = asList(input.OrderedOrganizationPolicyInputList);
  if (levels.some((l) => asList(l.ServiceControlPolicyInputList).length)) tags.add('layer:scp');
  if (levels.some((l) => asList(l.ResourceControlPolicyInputList).length)) tags.add('layer:rcp');
  if (levels.length) tags.add(`org-levels:${levels.length}`);
  const env = { present: new Set(DERIVED[kind] || []), lists: new Set(), epochKeys: new Set(), values: new Map(), resource: pair?.[1] };
  if (kind === 'service' || kind === 'anonymous') {
    // aws:ResourceAccount only when some account is known
    if (!(pair && resourceAccountFor(pair[1], input.ResourceOwner, callerAcct))) env.present.delete('aws:resourceaccount');
  }
  for (const e of asList(input.ContextEntries)) {
    const k = String(e.ContextKeyName).toLowerCase();
    env.present.add(k);
    env.values.set(k, asList(e.ContextKeyValues).map(String));
    if (String(e.ContextKeyType).endsWith('List')) env.lists.add(k);
    if (/^date/i.test(String(e.ContextKeyType)) && asList(e.ContextKeyValues).some((v) => /^\d+$/.test(String(v)))) env.epochKeys.add(k);
  }
  for (const p of asList(input.PolicyInputList)) docTags(p, 'identity', tags, env);
  for (const p of asList(input.PermissionsBoundaryPolicyInputList)) docTags(p, 'boundary', tags, env);
  for (const p of asList(input.SessionPolicyInputList)) docTags(p, 'session', tags, env);
  if (input.ResourcePolicy) docTags(input.ResourcePolicy, 'rbp', tags, env);
  for (const l of levels) {
    for (const p of asList(l.ServiceControlPolicyInputList)) docTags(p, 'scp', tags, env);
    for (const p of asList(l.ResourceControlPolicyInputList)) docTags(p, 'rcp', tags, env);
  }
  for (const e of asList(input.ContextEntries)) {
    tags.add(`ctx:${normKey(e.ContextKeyName)}`);
    if (String(e.ContextKeyType).endsWith('List') && asList(e.ContextKeyValues).length === 0) tags.add('ctx:empty-list');
    if (e.ContextKeyName !== e.ContextKeyName.toLowerCase() && /[A-Z]/.test(e.ContextKeyName.split(':')[0])) tags.add('ctx:odd-case');
  }
  return tags;
}

// Operator family for grouping: set prefix + type family + negation + IfExists,
// e.g. ForAnyValue:StringNotEqualsIgnoreCaseIfExists → "ForAnyValue:String-Not-IfExists".
function opFamily(op) {
  const m = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/.exec(op);
  const base = m[2];
  const fam = /^String/.test(base) ? 'String' : /^Arn/.test(base) ? 'Arn' : /^Numeric/.test(base) ? 'Numeric'
    : /^Date/.test(base) ? 'Date' : /IpAddress$/.test(base) ? 'Ip' : base;
  const neg = /Not/.test(base) ? '-Not' : '';
  return `${m[1] || ''}${fam}${neg}${m[3] ? '-IfExists' : ''}`;
}

// Signature of a (shrunk) disagreement: {cause, detail}.
//   cause  = what the shrunk input has that plausibly explains the difference, in this order:
//            1. mechanism tags (cond:*, date:epoch, ip:*, notresource:var-missing,
//               resource:wildcard-in-type, resource:qmark-spans-colon, el:NotPrincipal),
//               plus mix:rbp+session-policy (a same-account session whose shrunk input still
//               needs both a resource policy and a session policy),
//            2. a root-user caller (+ account relation),
//            3. the remaining policy features (operator families, Not* elements, principal forms,
//               variables, versions, odd cases) with caller and account relation,
//            4. otherwise caller, account relation and layers.
//            KMS is kept apart in 2–4 (its key policy must allow).
//   detail = decisions | caller account | layers | features.
const MECHANISM = /^(cond:|date:epoch$|ip:|notresource:var-missing$|resource:(wildcard-in-type|qmark-spans-colon)$|el:NotPrincipal$)/;
function signatureOf(input, pair, ours, oracle) {
  const t = tagsOf(input, pair);
  const pick = (re) => [...t].filter((x) => re.test(x)).sort();
  const callerAcct = [...pick(/^caller:/), ...pick(/^acct:/)].join(' ');
  const layers = pick(/^layer:/).map((x) => x.slice(6)).join('+') || 'no-policies';
  const feats = [...new Set([
    ...pick(/^op:/).map((o) => `op:${opFamily(o.slice(3))}`), ...pick(/^el:/), ...pick(/^(principal|notprincipal):/),
    ...pick(/^var:/), ...pick(/^version:/), ...pick(/^ctx:(empty-list|odd-case)$/), ...pick(/^action:(qmark|odd-case)$/),
    ...pick(/^resource:qmark$/)
  ])].sort();
  const kms = t.has('svc:kms') ? ' | svc:kms' : '';
  const mech = pick(MECHANISM);
  // a same-account resource policy and a session policy both survived shrinking
  if (t.has('caller:session') && t.has('acct:same') && t.has('layer:rbp') && t.has('layer:session')) mech.push('mix:rbp+session-policy');
  const detail = `ours=${ours} oracle=${oracle} | ${callerAcct} | ${layers}${feats.length ? ` | ${feats.join(' ')}` : ''}`;
  let cause;
  if (mech.length) cause = mech.join(' ');
  else if (t.has('caller:root')) cause = `${callerAcct}${kms}`;
  else if (t.has('svc:kms') && !t.has('layer:rbp')) cause = 'kms without key policy';
  else if (feats.length) cause = `${callerAcct} | ${feats.join(' ')}${kms}`;
  else cause = `${callerAcct} | ${layers}${kms}`;
  return { cause, detail };
}

// ---------------------------------------------------------------------------------------------
// Shrinking

const clone = (x) => JSON.parse(JSON.stringify(x));
const isRcpFull = (p) => {
  const d = parseMaybe(p);
  const s = d && asList(d.Statement);
  return s && s.length === 1 && s[0].Effect === 'Allow' && s[0].Principal === '*' && s[0].Action === '*' && s[0].Resource === '*' && !s[0].Condition;
};

// Policy slots in an input: [getter, setter] over the JSON string.
function policySlots(input) {
  const slots = [];
  const add = (obj, key, idx) => slots.push({
    get: () => (idx === undefined ? obj[key] : obj[key][idx]),
    set: (v) => { if (idx === undefined) obj[key] = v; else obj[key][idx] = v; }
  });
  for (const k of ['PolicyInputList', 'PermissionsBoundaryPolicyInputList', 'SessionPolicyInputList']) {
    asList(input[k]).forEach((_, i) => add(input, k, i));
  }
  if (input.ResourcePolicy) add(input, 'ResourcePolicy');
  for (const l of asList(input.OrderedOrganizationPolicyInputList)) {
    for (const k of ['ServiceControlPolicyInputList', 'ResourceControlPolicyInputList']) {
      asList(l[k]).forEach((p, i) => { if (!isRcpFull(p)) add(l, k, i); });
    }
  }
  return slots;
}

// Candidate simplifications of an input, coarse first. Each is a function input → input|null.
function candidates(input) {
  const c = [];
  const del = (key) => (x) => { if (x[key] === undefined) return null; delete x[key]; return x; };
  c.push(del('OrderedOrganizationPolicyInputList'));
  c.push(del('ResourcePolicy'));
  c.push(del('PermissionsBoundaryPolicyInputList'));
  c.push(del('SessionPolicyInputList'));
  c.push(del('ContextEntries'));
  c.push((x) => { if (!asList(x.PolicyInputList).length) return null; x.PolicyInputList = []; return x; });
  c.push(del('ResourceOwner'));
  const levels = asList(input.OrderedOrganizationPolicyInputList);
  for (const kind of ['ServiceControlPolicyInputList', 'ResourceControlPolicyInputList']) {
    if (levels.some((l) => asList(l[kind]).length)) {
      c.push((x) => { for (const l of x.OrderedOrganizationPolicyInputList) delete l[kind]; return x; });
    }
  }
  if (levels.length > 1) {
    levels.forEach((_, i) => c.push((x) => { x.OrderedOrganizationPolicyInputList.splice(i, 1); return x; }));
  }
  // whole policies
  for (const k of ['PolicyInputList', 'PermissionsBoundaryPolicyInputList', 'SessionPolicyInputList']) {
    const n = asList(input[k]).length;
    if (n > 1) for (let i = 0; i < n; i++) c.push((x) => { x[k].splice(i, 1); return x; });
  }
  levels.forEach((l, li) => {
    for (const k of ['ServiceControlPolicyInputList', 'ResourceControlPolicyInputList']) {
      asList(l[k]).forEach((p, i) => {
        if (!isRcpFull(p)) c.push((x) => { x.OrderedOrganizationPolicyInputList[li][k].splice(i, 1); return x; });
      });
    }
  });
  // statements and their parts
  const slots = policySlots(input);
  slots.forEach((slot, si) => {
    const d = parseMaybe(slot.get());
    if (!d) return;
    const sts = asList(d.Statement);
    const edit = (fn) => (x) => {
      const s2 = policySlots(x)[si];
      const d2 = parseMaybe(s2.get());
      d2.Statement = asList(d2.Statement);
      if (fn(d2) === false) return null;
      s2.set(JSON.stringify(d2));
      return x;
    };
    if (sts.length > 1) sts.forEach((_, i) => c.push(edit((d2) => { d2.Statement.splice(i, 1); })));
    sts.forEach((s, i) => {
      for (const [op, block] of Object.entries(s.Condition || {})) {
        c.push(edit((d2) => {
          delete d2.Statement[i].Condition[op];
          if (!Object.keys(d2.Statement[i].Condition).length) delete d2.Statement[i].Condition;
        }));
        const keys = Object.keys(block || {});
        for (const k of keys) {
          if (keys.length > 1) c.push(edit((d2) => { delete d2.Statement[i].Condition[op][k]; }));
          const vals = block[k];
          if (Array.isArray(vals) && vals.length > 1) {
            vals.forEach((_, vi) => c.push(edit((d2) => { d2.Statement[i].Condition[op][k].splice(vi, 1); })));
          }
        }
      }
      for (const f of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        if (Array.isArray(s[f]) && s[f].length > 1) {
          s[f].forEach((_, vi) => c.push(edit((d2) => { d2.Statement[i][f].splice(vi, 1); })));
        }
      }
      for (const f of ['Principal', 'NotPrincipal']) {
        if (s[f] && typeof s[f] === 'object') {
          for (const [t, vals] of Object.entries(s[f])) {
            if (Object.keys(s[f]).length > 1) c.push(edit((d2) => { delete d2.Statement[i][f][t]; }));
            if (Array.isArray(vals) && vals.length > 1) {
              vals.forEach((_, vi) => c.push(edit((d2) => { d2.Statement[i][f][t].splice(vi, 1); })));
            }
          }
        }
      }
      if (s.Sid !== undefined) c.push(edit((d2) => { delete d2.Statement[i].Sid; }));
      // canonicalise patterns: the request's own action / resource instead of a wildcard or odd case
      const action = input.ActionNames[0];
      const resource = (input.ResourceArns || ['*'])[0];
      for (const [f, want] of [['Action', action], ['Resource', resource]]) {
        if (s[f] === undefined) continue;
        asList(s[f]).forEach((v, vi) => {
          if (v === want || v === '*') return;
          const matchesLoosely = f === 'Resource' || v.split(':')[0].toLowerCase() === want.split(':')[0];
          if (!matchesLoosely) return;
          c.push(edit((d2) => {
            if (Array.isArray(d2.Statement[i][f])) d2.Statement[i][f][vi] = want;
            else d2.Statement[i][f] = want;
          }));
        });
      }
      // NotAction/NotResource that does not exclude the request ≙ Action/Resource naming it
      if (s.NotAction !== undefined) c.push(edit((d2) => { delete d2.Statement[i].NotAction; d2.Statement[i].Action = action; }));
      if (s.NotResource !== undefined) c.push(edit((d2) => { delete d2.Statement[i].NotResource; d2.Statement[i].Resource = resource; }));
    });
    if (d.Id !== undefined) c.push(edit((d2) => { delete d2.Id; }));
    if (d.Version !== '2012-10-17') c.push(edit((d2) => { d2.Version = '2012-10-17'; }));
  });
  // context entries
  const ents = asList(input.ContextEntries);
  ents.forEach((e, i) => {
    c.push((x) => { x.ContextEntries.splice(i, 1); if (!x.ContextEntries.length) delete x.ContextEntries; return x; });
    const canonical = Object.keys(KEYS).find((k) => k.toLowerCase() === String(e.ContextKeyName).toLowerCase());
    if (canonical && canonical !== e.ContextKeyName) c.push((x) => { x.ContextEntries[i].ContextKeyName = canonical; return x; });
    if (asList(e.ContextKeyValues).length > 1) {
      e.ContextKeyValues.forEach((_, vi) => c.push((x) => { x.ContextEntries[i].ContextKeyValues.splice(vi, 1); return x; }));
    }
  });
  return c;
}

async function shrinkAll(cases) {
  // cases: [{input (single pair), ours, oracle}]
  const state = cases.map((k) => ({ ...k, idx: 0, pass: 0, changedThisPass: false, done: false }));
  let rounds = 0;
  let evals = 0;
  for (;;) {
    const batch = [];
    for (const s of state) {
      if (s.done) continue;
      let cand = null;
      for (;;) {
        const list = candidates(s.input);
        if (s.idx >= list.length) {
          if (s.changedThisPass && s.pass < 3) { s.pass++; s.idx = 0; s.changedThisPass = false; continue; }
          s.done = true;
          break;
        }
        const fn = list[s.idx];
        s.idx++;
        const next = fn(clone(s.input));
        if (next) { cand = next; break; }
      }
      if (cand) batch.push({ s, cand });
    }
    if (!batch.length) break;
    rounds++;
    evals += batch.length;
    const inputs = batch.map((b) => b.cand);
    const [ours, oracle] = [runOurs(inputs).results, (await runOracle(inputs)).results];
    batch.forEach((b, i) => {
      const o = ours[i];
      const q = oracle[i];
      if (!o.error && !q.error && o.decisions[0] === b.s.ours && q.decisions[0] === b.s.oracle) {
        b.s.input = b.cand;
        b.s.idx--; // the next candidate now sits at the same position
        b.s.changedThisPass = true;
        b.s.oracleRaw = q.results[0].raw;
        b.s.oursRaw = o.raw;
      }
    });
    if (rounds % 25 === 0) log(`  shrink round ${rounds}: ${batch.length} active`);
  }
  return { rounds, evals, shrunk: state };
}

// ---------------------------------------------------------------------------------------------
// Known deviations

function loadKnown() {
  const p = opts.known;
  if (!existsSync(p)) return [];
  const list = JSON.parse(readFileSync(p, 'utf8'));
  if (!Array.isArray(list)) throw new Error('known-deviations.json must be a JSON array');
  return list;
}

// A rule: {decisions?: ["ours/oracle", ...], signature?: regex, tags?: [all], anyTags?: [...],
//          notTags?: [...], scenarioTags?: [all, on the unshrunk scenario]}. All given parts must hold.
function ruleMatches(rule, d) {
  const m = rule.match || {};
  if (m.decisions && !m.decisions.includes(`${d.ours}/${d.oracle}`)) return false;
  if (m.signature && !new RegExp(m.signature).test(d.signature)) return false;
  if (m.tags && !m.tags.every((t) => d.tags.has(t))) return false;
  if (m.anyTags && !m.anyTags.some((t) => d.tags.has(t))) return false;
  if (m.notTags && m.notTags.some((t) => d.tags.has(t))) return false;
  if (m.scenarioTags && !m.scenarioTags.every((t) => d.scenarioTags.has(t))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const tStart = performance.now();
  if (!existsSync(opts.iamplay)) {
    console.error(`iamplay not found at ${opts.iamplay}; build it with: cargo build --release -p iam-cli`);
    process.exit(2);
  }
  const known = loadKnown();
  log(`generating ${opts.count} scenarios (seed ${opts.seed})`);
  const scenarios = Array.from({ length: opts.count }, (_, i) => generateScenario(opts.seed, i));

  log('evaluating with the oracle (in-process)');
  const oracle = await runOracle(scenarios);
  log(`evaluating with iamplay (${opts.iamplay}) in one --jsonl batch`);
  const ours = runOurs(scenarios);

  let oracleErrors = 0;
  let ourErrors = 0;
  let bothErrors = 0;
  let compared = 0;
  let decisionsCompared = 0;
  let agree = 0;
  let oracleDecisions = 0;
  let ourDecisions = 0;
  let ignoredKeyScenarios = 0;
  const oracleErrorKinds = new Map();
  const disagreements = [];
  const outcomeCounts = new Map();
  scenarios.forEach((input, i) => {
    const q = oracle.results[i];
    const o = ours.results[i];
    const pairs = pairsOf(input);
    if (!q.error) oracleDecisions += q.decisions.length;
    if (!o.error) ourDecisions += o.decisions.length;
    if (q.error && o.error) { bothErrors++; return; }
    if (q.error) {
      oracleErrors++;
      const k = String(q.error).replace(/ on \S+/, '').replace(/rejected \S+/, 'rejected').slice(0, 120);
      oracleErrorKinds.set(k, (oracleErrorKinds.get(k) || 0) + 1);
      return;
    }
    compared++;
    if (q.results.some((r) => r.raw.sims.some((s) => s.ignoredContextKeys?.length))) ignoredKeyScenarios++;
    if (o.error) {
      ourErrors++;
      disagreements.push({ scenario: i, pairIndex: 0, pair: pairs[0], ours: 'error', oracle: q.decisions[0], oursError: o.error, input });
      return;
    }
    if (o.decisions.length !== q.decisions.length) {
      throw new Error(`scenario ${i}: iamplay gave ${o.decisions.length} results, oracle ${q.decisions.length}`);
    }
    q.decisions.forEach((qd, j) => {
      decisionsCompared++;
      const od = o.decisions[j];
      const [a, r] = o.names[j];
      if (a !== pairs[j][0] || r !== pairs[j][1]) throw new Error(`scenario ${i}: result ${j} is ${a} on ${r}, expected ${pairs[j]}`);
      const key = `${od}/${qd}`;
      outcomeCounts.set(key, (outcomeCounts.get(key) || 0) + 1);
      if (od === qd) agree++;
      else disagreements.push({ scenario: i, pairIndex: j, pair: pairs[j], ours: od, oracle: qd, input, oracleRaw: q.results[j].raw });
    });
  });

  // shrink
  const toShrink = selectForShrinking(disagreements.filter((d) => d.ours !== 'error'), opts.minimizeMax);
  log(`shrinking ${toShrink.length} of ${disagreements.length} disagreements`);
  const tShrink = performance.now();
  const shrinkInput = toShrink.map((d) => {
    const x = clone(d.input);
    x.ActionNames = [d.pair[0]];
    x.ResourceArns = [d.pair[1]];
    return { input: x, ours: d.ours, oracle: d.oracle, oracleRaw: d.oracleRaw };
  });
  const shrink = await shrinkAll(shrinkInput);
  toShrink.forEach((d, k) => {
    d.shrunk = shrink.shrunk[k].input;
    d.shrunkOracleRaw = shrink.shrunk[k].oracleRaw || d.oracleRaw;
  });
  const shrinkMs = performance.now() - tShrink;

  // group
  for (const d of disagreements) {
    const basis = d.shrunk || d.input;
    const pair = d.shrunk ? [d.shrunk.ActionNames[0], d.shrunk.ResourceArns[0]] : d.pair;
    if (d.ours === 'error') {
      d.cause = `iamplay error: ${String(d.oursError).replace(/line \d+: /, '').replace(/`[^`]*`/g, '`…`').slice(0, 100)}`;
      d.detail = `ours=error oracle=${d.oracle}`;
    } else {
      const sig = signatureOf(basis, pair, d.ours, d.oracle);
      d.cause = (d.shrunk ? '' : '(not shrunk) ') + sig.cause;
      d.detail = sig.detail;
    }
    d.signature = `${d.cause} || ${d.detail}`;
    d.tags = tagsOf(basis, pair);
    d.scenarioTags = tagsOf(d.input, d.pair);
    d.known = known.find((k) => ruleMatches(k, d))?.id;
  }
  const groups = new Map();
  for (const d of disagreements) {
    if (!groups.has(d.cause)) groups.set(d.cause, []);
    groups.get(d.cause).push(d);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);

  // write examples
  mkdirSync(opts.out, { recursive: true });
  for (const f of readdirSync(opts.out)) if (/^disagreements-.*\.json$/.test(f) || f === 'summary.json' || f === 'examples.jsonl') unlinkSync(join(opts.out, f));
  const exampleLines = [];
  const summaryGroups = [];
  const breakdownOf = (list) => {
    const m = new Map();
    for (const d of list) m.set(d.detail, (m.get(d.detail) || 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  sorted.forEach(([cause, list], gi) => {
    // smallest shrunk example of each detail (decisions/caller/layers), most frequent details first
    const bySize = list.slice().sort((x, y) => JSON.stringify(x.shrunk || x.input).length - JSON.stringify(y.shrunk || y.input).length);
    const ex = [];
    for (const [detail] of breakdownOf(list)) {
      if (ex.length >= opts.examples) break;
      ex.push(bySize.find((d) => d.detail === detail));
    }
    for (const d of bySize) if (ex.length < opts.examples && !ex.includes(d)) ex.push(d);
    const file = `disagreements-${String(gi + 1).padStart(2, '0')}.json`;
    const body = {
      group: gi + 1,
      cause,
      count: list.length,
      breakdown: Object.fromEntries(breakdownOf(list)),
      known: [...new Set(list.map((d) => d.known).filter(Boolean))],
      scenarios: list.slice(0, 50).map((d) => `${d.scenario}:${d.pairIndex}`),
      examples: ex.map((d) => ({
        scenario: d.scenario,
        pair: d.pair,
        ours: d.ours,
        oracle: d.oracle,
        signature: d.signature,
        ...(d.oursError ? { oursError: d.oursError } : {}),
        shrunkInput: d.shrunk,
        oracleRaw: d.shrunkOracleRaw || d.oracleRaw,
        originalInput: d.input
      }))
    };
    writeFileSync(join(opts.out, file), JSON.stringify(body, null, 2) + '\n');
    for (const d of ex) exampleLines.push(JSON.stringify(d.shrunk || d.input));
    summaryGroups.push({ group: gi + 1, file, count: list.length, cause, breakdown: body.breakdown, known: body.known });
  });
  writeFileSync(join(opts.out, 'examples.jsonl'), exampleLines.join('\n') + (exampleLines.length ? '\n' : ''));

  const unexplained = disagreements.filter((d) => !d.known);
  const oracleRate = oracleDecisions / (oracle.ms / 1000);
  const ourRate = ourDecisions / (ours.ms / 1000);
  const summary = {
    seed: opts.seed,
    scenarios: opts.count,
    oracleRejected: oracleErrors,
    oracleRejectedRate: oracleErrors / opts.count,
    bothRejected: bothErrors,
    oracleDroppedContextKeys: ignoredKeyScenarios,
    compared,
    decisionsCompared,
    agreements: agree,
    disagreements: disagreements.length,
    oursErrors: ourErrors,
    explainedByKnownDeviations: disagreements.length - unexplained.length,
    unexplained: unexplained.length,
    agreementRate: decisionsCompared ? agree / decisionsCompared : 1,
    outcomes: Object.fromEntries([...outcomeCounts.entries()].sort()),
    throughput: {
      oracle: { decisions: oracleDecisions, seconds: oracle.ms / 1000, perSecond: oracleRate },
      iamplay: { decisions: ourDecisions, seconds: ours.ms / 1000, perSecond: ourRate }
    },
    shrinking: { cases: toShrink.length, rounds: shrink.rounds, evaluations: shrink.evals, seconds: shrinkMs / 1000 },
    groups: summaryGroups,
    oracleErrorKinds: Object.fromEntries([...oracleErrorKinds.entries()].sort((a, b) => b[1] - a[1])),
    totalSeconds: (performance.now() - tStart) / 1000
  };
  writeFileSync(join(opts.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');

  // print
  const pct = (x) => `${(100 * x).toFixed(2)}%`;
  const p = console.log;
  p(`differential test: ${opts.count} scenarios, seed ${opts.seed}`);
  p(`  oracle rejected     ${oracleErrors} scenarios (${pct(oracleErrors / opts.count)})${bothErrors ? `, both rejected ${bothErrors}` : ''}`);
  for (const [k, n] of [...oracleErrorKinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)) p(`      ${n} × ${k}`);
  if (ignoredKeyScenarios) p(`  oracle dropped context keys in ${ignoredKeyScenarios} compared scenarios (generator bug)`);
  p(`  compared            ${compared} scenarios, ${decisionsCompared} decisions`);
  p(`  agreements          ${agree} (${pct(summary.agreementRate)})`);
  p(`  disagreements       ${disagreements.length} (${unexplained.length} unexplained, ${disagreements.length - unexplained.length} known deviations)${ourErrors ? `, iamplay errors ${ourErrors}` : ''}`);
  p(`  throughput          oracle ${Math.round(oracleRate)} decisions/s (${oracleDecisions} in ${(oracle.ms / 1000).toFixed(2)} s, in-process)`);
  p(`                      iamplay ${Math.round(ourRate)} decisions/s (${ourDecisions} in ${(ours.ms / 1000).toFixed(2)} s, one process incl. start)`);
  p(`  shrinking           ${toShrink.length} cases, ${shrink.rounds} rounds, ${shrink.evals} candidate evaluations, ${(shrinkMs / 1000).toFixed(1)} s`);
  if (sorted.length) {
    p('');
    p('disagreement groups (count, cause; then decisions | caller | layers) → out/disagreements-NN.json:');
    sorted.forEach(([cause, list], gi) => {
      const k = [...new Set(list.map((d) => d.known).filter(Boolean))];
      p(`  ${String(gi + 1).padStart(2)}. ${String(list.length).padStart(5)}  ${cause}${k.length ? `  [known: ${k.join(', ')}]` : ''}`);
      const b = breakdownOf(list);
      for (const [detail, n] of b.slice(0, 4)) p(`             ${String(n).padStart(5)}  ${detail}`);
      if (b.length > 4) p(`                    … ${b.length - 4} more`);
    });
  }
  p('');
  p(`total ${summary.totalSeconds.toFixed(1)} s; ${unexplained.length ? 'FAIL' : 'PASS'}: ${unexplained.length} unexplained disagreement(s)`);
  process.exit(unexplained.length ? 1 : 0);
}

// Round-robin over coarse groups so every kind of disagreement gets shrunk.
function selectForShrinking(list, max) {
  if (list.length <= max) return list;
  const by = new Map();
  for (const d of list) {
    const k = `${d.ours}/${d.oracle} ${[...tagsOf(d.input, d.pair)].filter((t) => /^(caller|acct|layer):/.test(t)).sort().join(' ')}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(d);
  }
  const queues = [...by.values()];
  const out = [];
  for (let i = 0; out.length < max; i++) {
    let any = false;
    for (const q of queues) {
      if (i < q.length && out.length < max) { out.push(q[i]); any = true; }
    }
    if (!any) break;
  }
  return out;
}

main().catch((e) => {
  console.error(e?.stack || String(e));
  process.exit(2);
});
