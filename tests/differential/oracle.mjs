// Oracle adapter: evaluates one `iamplay simulate` input document with
// @cloud-copilot/iam-simulate.
//
// The package is AGPL-3.0-or-later. This file only *calls* its public API
// (runSimulation / anonymousPrincipal); no code from the package is copied here,
// and nothing from it is linked into the Rust project.
//
// Input: one `aws iam simulate-custom-policy --cli-input-json` document (policies as
// JSON strings or objects) plus our extensions:
//   OrderedOrganizationPolicyInputList: [{ServiceControlPolicyInputList:[...],
//                                         ResourceControlPolicyInputList:[...]}, ...]  (root → account)
//   SessionPolicyInputList: [policy, ...]
//   CallerArn: user / root / assumed-role session ARN, "anonymous", or a service principal
//
// Output of evaluate(): {results:[{action, resource, decision, raw}]}; it throws on any oracle
// validation error (err.details holds the oracle's error object). evaluateSafe() returns
// {error, details} instead of throwing. Decisions: Allowed → allowed, ExplicitlyDenied →
// explicitDeny, ImplicitlyDenied → implicitDeny.
//
// Mapping notes (see /work/oracle-scratch/NOTES.md for the oracle's behaviour):
// - resource account = account field of the resource ARN, else ResourceOwner, else caller's account
//   (the oracle never parses it from the ARN; we pass it explicitly).
// - several session policies are merged into one document (statement union).
// - SCP levels with no SCP at all → "not in an org" (SCPs omitted) unless ORACLE_SCP_EMPTY_LEVELS=keep.
// - The oracle adds RCPFullAWSAccess to every RCP level itself.
// - Autofill (on by default; ORACLE_AUTOFILL=0 turns it off): the oracle never derives context
//   keys from the request, our engine does. So, unless the input supplies them, we fill the keys
//   our engine derives: aws:PrincipalArn (the *role* ARN for assumed-role sessions, as AWS does),
//   aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalIsAWSService, aws:username (IAM users),
//   aws:PrincipalServiceName (service callers) and, per resource, aws:ResourceAccount.
//
// CLI use: `node oracle.mjs < in.jsonl > out.jsonl` (one output line per non-empty input line).

import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { runSimulation, anonymousPrincipal } from '@cloud-copilot/iam-simulate';

const DEFAULT_CALLER =
  process.env.ORACLE_DEFAULT_CALLER || 'arn:aws:iam::123456789012:user/oracle-default-caller';
const RAW_FULL = process.env.ORACLE_RAW === 'full';
const KEEP_EMPTY_SCP_LEVELS = process.env.ORACLE_SCP_EMPTY_LEVELS === 'keep';
const AUTOFILL = process.env.ORACLE_AUTOFILL !== '0';

const DECISION = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
};

const LIST_TYPES = new Set([
  'stringlist', 'numericlist', 'booleanlist', 'iplist', 'binarylist', 'datelist', 'arnlist'
]);

function parsePolicy(p, what) {
  if (p === null || p === undefined) throw new Error(`${what}: null policy`);
  if (typeof p === 'object') return p;
  try {
    return JSON.parse(p);
  } catch (e) {
    throw new Error(`${what}: invalid policy JSON: ${e.message}`);
  }
}

function asList(v) {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

// 12-digit account id from "arn:aws:iam::123456789012:root", "123456789012", or any ARN.
export function accountFrom(s) {
  if (!s) return undefined;
  if (/^\d{12}$/.test(s)) return s;
  const parts = String(s).split(':');
  if (parts.length >= 6 && parts[0] === 'arn' && parts[4]) return parts[4];
  return undefined;
}

export function resourceAccountFor(resourceArn, resourceOwner, callerAccount) {
  return accountFrom(resourceArn) || accountFrom(resourceOwner) || callerAccount || '';
}

// What kind of caller is this? (mirrors the caller kinds our CLI accepts)
export function callerKind(callerArn) {
  if (callerArn === 'anonymous' || callerArn === '*') return 'anonymous';
  if (!callerArn.startsWith('arn:') && callerArn.endsWith('.amazonaws.com')) return 'service';
  const p = callerArn.split(':');
  const res = p.slice(5).join(':');
  if (p[2] === 'iam' && res === 'root') return 'root';
  if (p[2] === 'iam' && res.startsWith('user/')) return 'user';
  if (p[2] === 'sts' && res.startsWith('assumed-role/')) return 'session';
  if (p[2] === 'sts' && res.startsWith('federated-user/')) return 'federated';
  if (p[2] === 'iam' && res.startsWith('role/')) return 'role';
  return 'other';
}

const PRINCIPAL_TYPE = {
  root: 'Account', user: 'User', session: 'AssumedRole', role: 'AssumedRole', federated: 'FederatedUser'
};

function principalArnOf(callerArn, kind) {
  if (kind !== 'session') return callerArn;
  const p = callerArn.split(':');
  const role = p.slice(5).join(':').split('/')[1];
  return `arn:${p[1]}:iam::${p[4]}:role/${role}`;
}

function autofill(ctx, callerArn, kind, account) {
  const have = new Set(Object.keys(ctx).map((k) => k.toLowerCase()));
  const put = (k, v) => {
    if (v !== undefined && v !== '' && !have.has(k.toLowerCase())) ctx[k] = v;
  };
  if (kind === 'anonymous') return;
  if (kind === 'service') {
    put('aws:PrincipalServiceName', callerArn);
    put('aws:PrincipalIsAWSService', 'true');
    return;
  }
  put('aws:PrincipalArn', principalArnOf(callerArn, kind));
  put('aws:PrincipalAccount', account);
  put('aws:PrincipalIsAWSService', 'false');
  put('aws:PrincipalType', PRINCIPAL_TYPE[kind]);
  if (kind === 'user') put('aws:username', callerArn.split('/').pop());
}

function contextFrom(entries) {
  const ctx = {};
  for (const e of asList(entries)) {
    if (!e || !e.ContextKeyName) continue;
    const type = String(e.ContextKeyType || 'string').toLowerCase();
    const values = asList(e.ContextKeyValues).map((v) =>
      typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v)
    );
    // The oracle re-types keys from its own service database; the declared type only decides
    // between scalar and list form.
    ctx[e.ContextKeyName] = LIST_TYPES.has(type) ? values : values.length === 1 ? values[0] : values;
  }
  return ctx;
}

function mergeSessionPolicies(list) {
  const docs = asList(list).map((p, i) => parsePolicy(p, `SessionPolicyInputList[${i}]`));
  if (docs.length === 0) return undefined;
  if (docs.length === 1) return docs[0];
  const statements = docs.flatMap((d) => asList(d.Statement));
  return { Version: docs[0].Version || '2012-10-17', Statement: statements };
}

// RCPFullAWSAccess: one statement Allow, Principal "*", Action "*", Resource "*", no condition.
function isRcpFullAccess(d) {
  const st = asList(d?.Statement);
  if (st.length !== 1) return false;
  const s = st[0];
  const star = (v) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  return s.Effect === 'Allow' && (star(s.Principal) || star(s.Principal?.AWS)) && star(s.Action) &&
    star(s.Resource) && !s.Condition && !s.NotAction && !s.NotResource && !s.NotPrincipal;
}

function levelId(i, n) {
  return i === 0 ? 'r-root' : i === n - 1 ? `account-level-${i}` : `ou-level-${i}`;
}

function buildOrg(levels) {
  const lv = asList(levels);
  let scps = lv.map((level, i) => ({
    orgIdentifier: levelId(i, lv.length),
    policies: asList(level?.ServiceControlPolicyInputList).map((p, j) => ({
      name: `scp-${i}-${j}`,
      policy: parsePolicy(p, `OrderedOrganizationPolicyInputList[${i}].ServiceControlPolicyInputList[${j}]`)
    }))
  }));
  // The oracle attaches RCPFullAWSAccess to every level itself and rejects it as input (an RCP
  // must Deny). Our input carries it explicitly (AWS always has it, RCP-FULLAWSACCESS-DEFAULT),
  // so it is dropped here. A level *without* it cannot be expressed with the oracle.
  const anyRcp = lv.some((level) => asList(level?.ResourceControlPolicyInputList).length);
  const rcps = lv.map((level, i) => {
    const docs = asList(level?.ResourceControlPolicyInputList).map((p, j) =>
      parsePolicy(p, `OrderedOrganizationPolicyInputList[${i}].ResourceControlPolicyInputList[${j}]`));
    if (anyRcp && !docs.some(isRcpFullAccess)) {
      throw new Error(`OrderedOrganizationPolicyInputList[${i}]: an RCP level without RCPFullAWSAccess cannot be expressed with the oracle`);
    }
    return {
      orgIdentifier: levelId(i, lv.length),
      policies: docs.map((policy, j) => ({ name: `rcp-${i}-${j}`, policy })).filter((p) => !isRcpFullAccess(p.policy))
    };
  });
  if (!KEEP_EMPTY_SCP_LEVELS && scps.every((l) => l.policies.length === 0)) scps = [];
  return { scps, rcps: anyRcp ? rcps : [] };
}

function summarizeStatements(list) {
  return asList(list).map((s) => `${s.policyId ?? 'resource'}#${s.explain?.identifier}`);
}

function summarizePart(a) {
  if (!a) return undefined;
  const out = { result: a.result };
  const allow = summarizeStatements(a.allowStatements);
  const deny = summarizeStatements(a.denyStatements);
  if (allow.length) out.allow = allow;
  if (deny.length) out.deny = deny;
  return out;
}

function summarizeOrg(a) {
  if (!a) return undefined;
  return {
    result: a.result,
    levels: asList(a.ouAnalysis).map((ou) => {
      const o = { id: ou.orgIdentifier, result: ou.result };
      const deny = summarizeStatements(ou.denyStatements);
      if (deny.length) o.deny = deny;
      return o;
    })
  };
}

function stripStatements(value) {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === 'statement' && v && typeof v === 'object' ? undefined : v))
  );
}

function summarizeResult(res, principalAccount, resourceAccount) {
  const single =
    res.resultType === 'single'
      ? [{ pattern: undefined, r: res.result }]
      : res.results.map((r) => ({ pattern: r.resourcePattern, r }));
  const raw = {
    resultType: res.resultType,
    overallResult: res.overallResult,
    principalAccount,
    resourceAccount,
    sims: single.map(({ pattern, r }) => {
      const a = r.analysis;
      const s = {
        result: a.result,
        sameAccount: a.sameAccount,
        identity: summarizePart(a.identityAnalysis),
        resource: a.resourceAnalysis?.result === 'NotApplicable' ? undefined : summarizePart(a.resourceAnalysis),
        pb: summarizePart(a.permissionBoundaryAnalysis),
        session: summarizePart(a.sessionAnalysis),
        scp: a.scpAnalysis?.ouAnalysis?.length ? summarizeOrg(a.scpAnalysis) : undefined,
        rcp: a.rcpAnalysis?.ouAnalysis?.length ? summarizeOrg(a.rcpAnalysis) : undefined
      };
      if (pattern !== undefined) s.pattern = pattern;
      if (r.resourceType) s.resourceType = r.resourceType;
      if (a.blockedBy?.length) s.blockedBy = a.blockedBy;
      if (r.ignoredContextKeys?.length) s.ignoredContextKeys = r.ignoredContextKeys;
      if (RAW_FULL) s.full = stripStatements(a);
      return s;
    })
  };
  return JSON.parse(JSON.stringify(raw));
}

/** Evaluates one input document; throws on oracle validation errors. */
export async function evaluate(input) {
  const callerArn = input.CallerArn || DEFAULT_CALLER;
  const kind = callerKind(callerArn);
  const principal = kind === 'anonymous' ? anonymousPrincipal : callerArn;
  const principalAccount = kind === 'anonymous' || kind === 'service' ? undefined : accountFrom(callerArn);

  const identityPolicies = asList(input.PolicyInputList).map((p, i) => ({
    name: `identity-${i}`,
    policy: parsePolicy(p, `PolicyInputList[${i}]`)
  }));
  const pbList = asList(input.PermissionsBoundaryPolicyInputList);
  const permissionBoundaryPolicies = pbList.length
    ? pbList.map((p, i) => ({ name: `boundary-${i}`, policy: parsePolicy(p, `PermissionsBoundaryPolicyInputList[${i}]`) }))
    : undefined;
  const sessionPolicy = mergeSessionPolicies(input.SessionPolicyInputList);
  const resourcePolicy = input.ResourcePolicy ? parsePolicy(input.ResourcePolicy, 'ResourcePolicy') : undefined;
  const { scps, rcps } = buildOrg(input.OrderedOrganizationPolicyInputList);
  const baseContext = contextFrom(input.ContextEntries);
  if (AUTOFILL) autofill(baseContext, callerArn, kind, principalAccount);

  const actions = asList(input.ActionNames);
  const resources = asList(input.ResourceArns).length ? asList(input.ResourceArns) : ['*'];
  if (actions.length === 0) throw new Error('ActionNames is empty');

  const results = [];
  for (const action of actions) {
    for (const resource of resources) {
      const resourceAccount = resourceAccountFor(resource, input.ResourceOwner, principalAccount);
      const contextVariables = { ...baseContext };
      if (AUTOFILL && resourceAccount &&
          !Object.keys(contextVariables).some((k) => k.toLowerCase() === 'aws:resourceaccount')) {
        contextVariables['aws:ResourceAccount'] = resourceAccount;
      }
      const simulation = {
        request: {
          principal,
          action,
          resource: { resource, accountId: resourceAccount },
          contextVariables
        },
        identityPolicies,
        serviceControlPolicies: scps,
        resourceControlPolicies: rcps,
        ...(resourcePolicy ? { resourcePolicy } : {}),
        ...(permissionBoundaryPolicies ? { permissionBoundaryPolicies } : {}),
        ...(sessionPolicy ? { sessionPolicy } : {})
      };
      const res = await runSimulation(simulation, { simulationMode: 'Strict' });
      if (res.resultType === 'error') {
        const err = new Error(`oracle rejected ${action} on ${resource}: ${res.errors.message}`);
        err.details = res.errors;
        throw err;
      }
      const decision = DECISION[res.overallResult];
      if (!decision) throw new Error(`unexpected oracle result ${res.overallResult}`);
      results.push({ action, resource, decision, raw: summarizeResult(res, principalAccount, resourceAccount) });
    }
  }
  return { results };
}

/** Like evaluate(), but returns {error, details} instead of throwing. */
export async function evaluateSafe(input) {
  try {
    return await evaluate(input);
  } catch (e) {
    const out = { error: e.message };
    if (e.details) out.details = e.details;
    return out;
  }
}

export default evaluate;

async function main() {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let out;
    try {
      out = await evaluateSafe(JSON.parse(line));
    } catch (e) {
      out = { error: e.message };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack || e) + '\n');
    process.exit(1);
  });
}
