// Deterministic random scenario generator for the differential tests.
//
// Every scenario is one `iamplay simulate --jsonl` input line (the shape of
// `aws iam simulate-custom-policy --cli-input-json`, policies as JSON strings, plus our
// extensions OrderedOrganizationPolicyInputList[].ResourceControlPolicyInputList and
// SessionPolicyInputList). Scenario i of seed S depends only on (S, i), never on the count.
//
//   node generate.mjs [--count N] [--seed S]      → JSON Lines on stdout
//   import { generateScenario, generateScenarios } from './generate.mjs'
//
// The action/resource pool and the per-action context keys were checked against the
// oracle's service database (node check-pool.mjs): every action exists, every ARN fits
// the action's resource type, and every context key we put in ContextEntries is one the
// oracle keeps for every action of the scenario (it silently drops the others).
//
// Coverage:
// - Callers: IAM users (with and without a path), assumed-role sessions and the root user, in
//   account A or B. With a resource policy there are also service principals and anonymous callers.
// - Resources: S3 objects and buckets (no account in the ARN; ResourceOwner decides, else the
//   caller's account), SQS, SNS, KMS keys, DynamoDB tables, Secrets Manager, Lambda, IAM
//   roles/users and EC2 instances. There are also wildcard-only actions with resource "*".
// - Identity policies: 1–3 documents of 1–5 statements. Statements mix Allow and Deny, and
//   Action and NotAction. Action patterns may be exact, use `*` or `?`, have odd case, name a
//   service or be `*`. Statements use Resource or NotResource, with exact ARNs, wildcards
//   (`*`, `?`, account, region, name), decoys, `*` and policy variables with defaults.
//   Version is 2012-10-17, 2008-10-17 or absent. Variables appear only under 2012-10-17.
// - Conditions: String*, including IgnoreCase, Like and negated forms; Arn*; Numeric*; Date*
//   with ISO, date-only, offset and epoch values; Bool; IpAddress and NotIpAddress with v4/v6
//   CIDRs and bare addresses; Null; IfExists. ForAnyValue and ForAllValues apply to multivalued
//   keys (aws:TagKeys, aws:CalledVia, aws:PrincipalOrgPaths, dynamodb:LeadingKeys and others).
//   A statement may have several values, keys or operators.
// - Rare, deliberately ambiguous shapes: set operators on single-valued keys, plain operators
//   on multivalued keys, and epoch numbers for aws:EpochTime.
// - Context entries: random keys with the right ContextKeyType. A key may be present, absent,
//   multi-valued or an empty list, and its name may be in odd case. Derived keys are
//   sometimes given explicitly.
// - Other layers: a permissions boundary; session policies (role sessions only); 1–3 SCP levels
//   (FullAWSAccess or an allow-list, plus random Deny SCPs); RCP levels (RCPFullAWSAccess plus
//   Deny statements with Principal "*"); a resource-based policy on S3/SQS/SNS/KMS/Secrets
//   Manager/Lambda.
// - Resource-policy principals: account id, account root ARN, user ARN, role ARN, session ARN,
//   "*", {"AWS":"*"}, Service, and arrays of these. Resource policies may carry NotPrincipal
//   (Deny only) and conditions. Scenarios are same-account and cross-account.

import { pathToFileURL } from 'node:url';

export const A = '111111111111';
export const B = '222222222222';
export const ACCOUNTS = [A, B];
const ORG_ID = 'o-a1b2c3d4e5';

// ---------------------------------------------------------------------------------------------
// PRNG: cyrb128 string hash → sfc32.

function cyrb128(str) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export function makeRng(seedText) {
  let [a, b, c, d] = cyrb128(String(seedText));
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    // weighted pick: [[weight, value], ...]
    weighted: (pairs) => {
      const total = pairs.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
    sample: (arr, n) => {
      const copy = arr.slice();
      const out = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    }
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Condition keys: type and value domain. `ctx` = values a request can carry, `pol` = extra
// policy-side values / patterns (wildcards for Like operators, decoys).

// types (as the oracle's database names them): String, ARN, Numeric, Date, Bool, IPAddress, ArrayOfString
export const KEYS = {
  'aws:RequestedRegion': { type: 'String', ctx: ['us-east-1', 'us-west-2', 'eu-west-1'], like: ['us-*', 'eu-west-?', '*-1'], ci: ['US-EAST-1', 'Eu-West-1'] },
  'aws:PrincipalTag/team': { type: 'String', ctx: ['platform', 'data', 'Orders'], like: ['plat*', 'd?ta', '*'], ci: ['PLATFORM', 'orders'] },
  'aws:PrincipalTag/env': { type: 'String', ctx: ['prod', 'dev'], like: ['pr*', '???'], ci: ['PROD'] },
  'aws:ResourceTag/env': { type: 'String', ctx: ['prod', 'dev', 'staging'], like: ['pr*', 'st?ging'], ci: ['Prod'], noS3: true },
  'aws:ResourceTag/owner': { type: 'String', ctx: ['alice', 'bob', 'carol'], like: ['a*', '?ob'], ci: ['Alice'], noS3: true },
  'aws:RequestTag/env': { type: 'String', ctx: ['prod', 'dev'], like: ['d*'], ci: ['DEV'] },
  'aws:TagKeys': { type: 'ArrayOfString', ctx: ['env', 'team', 'owner', 'CostCenter'], like: ['cost*', 'Cost*', 'e?v', '*'], ci: ['ENV', 'costcenter'] },
  'aws:CalledVia': { type: 'ArrayOfString', ctx: ['cloudformation.amazonaws.com', 'athena.amazonaws.com', 'dynamodb.amazonaws.com'], like: ['*.amazonaws.com', 'athena.*'], ci: [] },
  'aws:PrincipalOrgPaths': { type: 'ArrayOfString', ctx: [`${ORG_ID}/r-ab12/ou-ab12-11111111/`, `${ORG_ID}/r-ab12/ou-ab12-22222222/ou-ab12-33333333/`], like: [`${ORG_ID}/r-ab12/ou-ab12-11111111/*`, `${ORG_ID}/*`, 'o-zzzzzzzzzz/*'], ci: [] },
  'aws:PrincipalOrgID': { type: 'String', ctx: [ORG_ID, 'o-zzzzzzzzzz'], like: ['o-a1b2*'], ci: ['O-A1B2C3D4E5'] },
  'aws:userid': { type: 'String', ctx: ['AIDAEXAMPLEUSERID1', 'AROAEXAMPLEROLEID1:session-1'], like: ['AROA*:*', 'AIDA*', '*:session-?'], ci: ['aidaexampleuserid1'] },
  'aws:SourceVpce': { type: 'String', ctx: ['vpce-1a2b3c4d', 'vpce-9f8e7d6c'], like: ['vpce-1*'], ci: ['VPCE-1A2B3C4D'] },
  'aws:PrincipalAccount': { type: 'String', derived: true, ctx: [A, B], like: ['1111*', '2?2222222222'], ci: [] },
  'aws:ResourceAccount': { type: 'String', derived: true, ctx: [A, B], like: ['1111*', '22222222222?'], ci: [] },
  'aws:username': { type: 'String', derived: true, ctx: ['alice', 'bob', 'carol'], like: ['a*', 'c?rol'], ci: ['ALICE', 'Bob'] },
  'aws:PrincipalType': { type: 'String', derived: true, ctx: ['User', 'AssumedRole', 'Account'], like: ['Assumed*'], ci: ['user', 'assumedrole'] },
  'aws:PrincipalArn': {
    type: 'ARN', derived: true,
    ctx: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:role/app-role`, `arn:aws:iam::${B}:user/bob`],
    like: [`arn:aws:iam::${A}:role/*`, 'arn:aws:iam::*:user/alice', `arn:aws:iam::${B}:*`, `arn:aws:iam::${A}:user/dev/*`, 'arn:aws:iam::*:role/admin-?ole'],
    ci: []
  },
  'aws:SourceArn': { type: 'ARN', ctx: [`arn:aws:sns:us-east-1:${A}:alerts`, 'arn:aws:s3:::data-bucket', `arn:aws:events:us-east-1:${B}:rule/nightly`], like: ['arn:aws:sns:*:*:alerts', `arn:aws:events:us-east-1:${B}:rule/*`, 'arn:aws:s3:::data-*'], ci: [] },
  'aws:SourceAccount': { type: 'String', ctx: [A, B], like: ['1*'], ci: [] },
  'aws:SourceIp': { type: 'IPAddress', ctx: ['203.0.113.10', '198.51.100.7', '10.1.2.3', '2001:db8::1', '2001:db8:1234::5'] },
  'aws:CurrentTime': { type: 'Date', ctx: ['2024-06-15T12:00:00Z', '2025-01-01T00:00:00Z', '2023-03-10T08:30:00Z'] },
  'aws:EpochTime': { type: 'Date', ctx: ['1718452800', '1735689600'] },
  'aws:TokenIssueTime': { type: 'Date', ctx: ['2024-06-15T11:00:00Z', '2024-06-14T09:15:30Z'] },
  'aws:MultiFactorAuthPresent': { type: 'Bool', ctx: ['true', 'false'] },
  'aws:SecureTransport': { type: 'Bool', ctx: ['true', 'false'] },
  'aws:ViaAWSService': { type: 'Bool', ctx: ['true', 'false'] },
  'aws:MultiFactorAuthAge': { type: 'Numeric', ctx: ['300', '3600', '86400'], pol: ['600', '3600', '3600.0', '86400', '0', '7200.5'] },
  // service-specific
  's3:ExistingObjectTag/classification': { type: 'String', ctx: ['public', 'confidential'], like: ['conf*'], ci: ['PUBLIC'] },
  's3:RequestObjectTag/classification': { type: 'String', ctx: ['public', 'confidential'], like: ['pub*'], ci: ['Confidential'] },
  's3:x-amz-acl': { type: 'String', ctx: ['private', 'public-read', 'bucket-owner-full-control'], like: ['public-*', 'bucket-owner-*'], ci: ['PRIVATE'] },
  's3:prefix': { type: 'String', ctx: ['home/alice/', 'home/bob/', 'reports/2024/', 'public/'], like: ['home/*', 'reports/*', 'home/${aws:username}/*', 'home/${aws:username}/'], ci: ['HOME/alice/'] },
  's3:TlsVersion': { type: 'Numeric', ctx: ['1.2', '1.3'], pol: ['1.2', '1.3', '1.25'] },
  's3:signatureAge': { type: 'Numeric', ctx: ['1000', '600000'], pol: ['600000', '1200000', '1000'] },
  's3:max-keys': { type: 'Numeric', ctx: ['10', '1000'], pol: ['100', '1000', '10'] },
  'sns:Protocol': { type: 'String', ctx: ['https', 'sqs', 'email'], like: ['http*', 'e?ail'], ci: ['HTTPS'] },
  'sns:Endpoint': { type: 'String', ctx: ['https://example.com/hook', 'alice@example.com'], like: ['*@example.com', 'https://*'], ci: ['ALICE@example.com'] },
  'kms:EncryptionContextKeys': { type: 'ArrayOfString', ctx: ['Department', 'Project', 'aws:ebs:id'], like: ['Dep*', 'aws:*'], ci: ['department'] },
  'kms:EncryptionAlgorithm': { type: 'String', ctx: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256'], like: ['RSAES_*'], ci: ['symmetric_default'] },
  'kms:CallerAccount': { type: 'String', ctx: [A, B], like: ['1*'], ci: [] },
  'kms:ViaService': { type: 'String', ctx: ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'], like: ['s3.*.amazonaws.com', '*.amazonaws.com'], ci: ['S3.us-east-1.amazonaws.com'] },
  'dynamodb:LeadingKeys': { type: 'ArrayOfString', ctx: ['alice', 'bob', 'carol'], like: ['${aws:username}', 'a*'], ci: ['ALICE'] },
  'dynamodb:Attributes': { type: 'ArrayOfString', ctx: ['id', 'name', 'email', 'ssn'], like: ['*', 'e*'], ci: ['ID'] },
  'dynamodb:Select': { type: 'String', ctx: ['ALL_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES'], like: ['SPECIFIC_*'], ci: ['all_attributes'] },
  'secretsmanager:SecretId': { type: 'ARN', ctx: [`arn:aws:secretsmanager:us-east-1:${A}:secret:prod/db-AbCdEf`], like: ['arn:aws:secretsmanager:*:*:secret:prod/*'], ci: [] },
  'secretsmanager:VersionStage': { type: 'String', ctx: ['AWSCURRENT', 'AWSPREVIOUS'], like: ['AWS*'], ci: ['awscurrent'] },
  'iam:ResourceTag/env': { type: 'String', ctx: ['prod', 'dev'], like: ['d*'], ci: ['Dev'] },
  'iam:PassedToService': { type: 'String', ctx: ['ec2.amazonaws.com', 'lambda.amazonaws.com'], like: ['*.amazonaws.com', 'ec2.*'], ci: ['EC2.amazonaws.com'] },
  'ec2:InstanceType': { type: 'String', ctx: ['t3.micro', 'm5.large', 't3.large'], like: ['t3.*', '*.large'], ci: ['T3.MICRO'] },
  'ec2:ResourceTag/env': { type: 'String', ctx: ['prod', 'dev'], like: ['pr?d'], ci: ['PROD'] },
  'ec2:Region': { type: 'String', ctx: ['us-east-1', 'eu-west-1'], like: ['us-*'], ci: ['US-EAST-1'] }
};

const CONTEXT_TYPE = {
  String: 'string', ARN: 'string', Numeric: 'numeric', Date: 'date', Bool: 'boolean', IPAddress: 'ip', ArrayOfString: 'stringList'
};

// Global keys usable with every action (aws:ResourceTag/* is dropped by the oracle for S3).
const GLOBAL_KEYS = Object.keys(KEYS).filter((k) => k.startsWith('aws:'));

// ---------------------------------------------------------------------------------------------
// Resource types and their actions. `keys` lists service-specific context keys per action.

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

export const RESOURCE_TYPES = [
  {
    id: 's3object', svc: 's3', rbp: true, ownerField: true,
    arns: () => ['arn:aws:s3:::data-bucket/home/alice/notes.txt', 'arn:aws:s3:::data-bucket/home/bob/todo.txt', 'arn:aws:s3:::data-bucket/reports/2024/q1.csv', 'arn:aws:s3:::data-bucket/public/index.html'],
    decoys: () => ['arn:aws:s3:::logs-bucket/home/alice/notes.txt', 'arn:aws:s3:::data-bucket/private/x'],
    actions: {
      's3:GetObject': ['s3:ExistingObjectTag/classification', 's3:TlsVersion', 's3:signatureAge'],
      's3:PutObject': ['s3:RequestObjectTag/classification', 's3:x-amz-acl', 's3:TlsVersion', 's3:signatureAge'],
      's3:DeleteObject': ['s3:TlsVersion', 's3:signatureAge'],
      's3:GetObjectTagging': ['s3:ExistingObjectTag/classification', 's3:TlsVersion', 's3:signatureAge'],
      's3:GetObjectVersion': ['s3:ExistingObjectTag/classification', 's3:TlsVersion', 's3:signatureAge']
    }
  },
  {
    id: 's3bucket', svc: 's3', rbp: true, ownerField: true,
    arns: () => ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::logs-bucket'],
    decoys: () => ['arn:aws:s3:::other-bucket', 'arn:aws:s3:::data-bucket/*'],
    actions: {
      's3:ListBucket': ['s3:prefix', 's3:max-keys', 's3:TlsVersion', 's3:signatureAge'],
      's3:GetBucketPolicy': ['s3:TlsVersion', 's3:signatureAge'],
      's3:PutBucketPolicy': ['s3:TlsVersion', 's3:signatureAge'],
      's3:GetBucketLocation': ['s3:TlsVersion', 's3:signatureAge'],
      's3:PutBucketTagging': ['s3:TlsVersion', 's3:signatureAge']
    }
  },
  {
    id: 'sqs', svc: 'sqs', rbp: true,
    arns: (acct) => [`arn:aws:sqs:us-east-1:${acct}:orders-queue`, `arn:aws:sqs:us-east-1:${acct}:orders-dlq`],
    decoys: (acct) => [`arn:aws:sqs:us-west-2:${acct}:orders-queue`, `arn:aws:sqs:us-east-1:${acct}:billing`],
    actions: { 'sqs:SendMessage': [], 'sqs:ReceiveMessage': [], 'sqs:DeleteMessage': [], 'sqs:GetQueueAttributes': [], 'sqs:PurgeQueue': [] }
  },
  {
    id: 'sns', svc: 'sns', rbp: true,
    arns: (acct) => [`arn:aws:sns:us-east-1:${acct}:alerts`],
    decoys: (acct) => [`arn:aws:sns:us-east-1:${acct}:billing-events`],
    actions: { 'sns:Publish': [], 'sns:Subscribe': ['sns:Protocol', 'sns:Endpoint'], 'sns:GetTopicAttributes': [] }
  },
  {
    id: 'kms', svc: 'kms', rbp: true,
    arns: (acct) => [`arn:aws:kms:us-east-1:${acct}:key/${KEY_ID}`],
    decoys: (acct) => [`arn:aws:kms:us-east-1:${acct}:key/ffffffff-0000-1111-2222-333333333333`, `arn:aws:kms:us-east-1:${acct}:alias/app`],
    actions: {
      'kms:Decrypt': ['kms:EncryptionContextKeys', 'kms:EncryptionAlgorithm', 'kms:CallerAccount', 'kms:ViaService'],
      'kms:Encrypt': ['kms:EncryptionContextKeys', 'kms:EncryptionAlgorithm', 'kms:CallerAccount', 'kms:ViaService'],
      'kms:DescribeKey': ['kms:CallerAccount', 'kms:ViaService'],
      'kms:GenerateDataKey': ['kms:EncryptionContextKeys', 'kms:EncryptionAlgorithm', 'kms:CallerAccount', 'kms:ViaService'],
      'kms:ScheduleKeyDeletion': ['kms:CallerAccount', 'kms:ViaService']
    }
  },
  {
    id: 'dynamodb', svc: 'dynamodb', rbp: false,
    arns: (acct) => [`arn:aws:dynamodb:us-east-1:${acct}:table/Orders`, `arn:aws:dynamodb:us-east-1:${acct}:table/platform`],
    decoys: (acct) => [`arn:aws:dynamodb:us-east-1:${acct}:table/Orders/index/byDate`, `arn:aws:dynamodb:eu-west-1:${acct}:table/Orders`],
    actions: {
      'dynamodb:GetItem': ['dynamodb:LeadingKeys', 'dynamodb:Attributes', 'dynamodb:Select'],
      'dynamodb:PutItem': ['dynamodb:LeadingKeys', 'dynamodb:Attributes'],
      'dynamodb:Query': ['dynamodb:LeadingKeys', 'dynamodb:Attributes', 'dynamodb:Select'],
      'dynamodb:DeleteTable': []
    }
  },
  {
    id: 'secretsmanager', svc: 'secretsmanager', rbp: true,
    arns: (acct) => [`arn:aws:secretsmanager:us-east-1:${acct}:secret:prod/db-AbCdEf`],
    decoys: (acct) => [`arn:aws:secretsmanager:us-east-1:${acct}:secret:dev/db-XyZ123`],
    actions: {
      'secretsmanager:GetSecretValue': ['secretsmanager:SecretId', 'secretsmanager:VersionStage'],
      'secretsmanager:DescribeSecret': ['secretsmanager:SecretId'],
      'secretsmanager:PutSecretValue': ['secretsmanager:SecretId']
    }
  },
  {
    id: 'lambda', svc: 'lambda', rbp: true,
    arns: (acct) => [`arn:aws:lambda:us-east-1:${acct}:function:process-orders`],
    decoys: (acct) => [`arn:aws:lambda:us-east-1:${acct}:function:other-fn`],
    actions: { 'lambda:InvokeFunction': [], 'lambda:GetFunction': [], 'lambda:UpdateFunctionCode': [] }
  },
  {
    id: 'iamrole', svc: 'iam', rbp: false,
    arns: (acct) => [`arn:aws:iam::${acct}:role/app-role`, `arn:aws:iam::${acct}:role/admin-role`],
    decoys: (acct) => [`arn:aws:iam::${acct}:role/other`],
    actions: { 'iam:GetRole': ['iam:ResourceTag/env'], 'iam:PassRole': ['iam:PassedToService', 'iam:ResourceTag/env'], 'iam:DeleteRole': ['iam:ResourceTag/env'] }
  },
  {
    id: 'iamuser', svc: 'iam', rbp: false,
    arns: (acct) => [`arn:aws:iam::${acct}:user/alice`, `arn:aws:iam::${acct}:user/dev/carol`],
    decoys: (acct) => [`arn:aws:iam::${acct}:user/mallory`],
    actions: { 'iam:GetUser': ['iam:ResourceTag/env'], 'iam:CreateAccessKey': ['iam:ResourceTag/env'] }
  },
  {
    id: 'ec2', svc: 'ec2', rbp: false,
    arns: (acct) => [`arn:aws:ec2:us-east-1:${acct}:instance/i-0abc1234def567890`],
    decoys: (acct) => [`arn:aws:ec2:us-east-1:${acct}:volume/vol-0abc1234def567890`],
    actions: {
      'ec2:StartInstances': ['ec2:InstanceType', 'ec2:ResourceTag/env', 'ec2:Region'],
      'ec2:StopInstances': ['ec2:InstanceType', 'ec2:ResourceTag/env', 'ec2:Region'],
      'ec2:TerminateInstances': ['ec2:InstanceType', 'ec2:ResourceTag/env', 'ec2:Region']
    }
  },
  {
    // wildcard-only actions: the resource must be "*"
    id: 'wildcard', svc: '*', rbp: false, wildcardOnly: true,
    arns: () => ['*'],
    decoys: () => [],
    actions: {
      's3:ListAllMyBuckets': [], 'ec2:DescribeInstances': ['ec2:Region'], 'sqs:ListQueues': [], 'kms:ListKeys': [],
      'dynamodb:ListTables': [], 'sns:ListTopics': [], 'iam:ListRoles': []
    }
  }
];

export const ALL_ACTIONS = RESOURCE_TYPES.flatMap((t) => Object.keys(t.actions));

const RCP_SERVICES = new Set(['s3', 'sqs', 'kms', 'secretsmanager', 'dynamodb', 'sts']);

// ---------------------------------------------------------------------------------------------
// Callers

function userArn(acct, r) {
  return r.weighted([[4, `arn:aws:iam::${acct}:user/alice`], [2, `arn:aws:iam::${acct}:user/bob`], [1, `arn:aws:iam::${acct}:user/dev/carol`]]);
}

function sessionArn(acct, r) {
  const role = r.weighted([[3, 'app-role'], [1, 'admin-role']]);
  const sess = r.pick(['session-1', 'alice@example.com', 'i-0abc1234def567890']);
  return `arn:aws:sts::${acct}:assumed-role/${role}/${sess}`;
}

function roleArnOfSession(arn) {
  const p = arn.split(':');
  const role = p[5].split('/')[1];
  return `arn:aws:iam::${p[4]}:role/${role}`;
}

function pickCaller(r, rt) {
  const acct = r.weighted([[3, A], [2, B]]);
  // anonymous and service callers only make sense with a resource policy
  const kind = r.weighted([
    [45, 'user'],
    [38, 'session'],
    [6, 'root'],
    [rt.rbp ? 5 : 0, 'service'],
    [rt.rbp && ['s3', 'sqs', 'sns', 'lambda'].includes(rt.svc) ? 3 : 0, 'anonymous']
  ]);
  switch (kind) {
    case 'user': return { kind, arn: userArn(acct, r), acct };
    case 'session': return { kind, arn: sessionArn(acct, r), acct };
    case 'root': return { kind, arn: `arn:aws:iam::${acct}:root`, acct };
    case 'service': return { kind, arn: r.pick(['sns.amazonaws.com', 's3.amazonaws.com', 'events.amazonaws.com']), acct: undefined };
    default: return { kind: 'anonymous', arn: 'anonymous', acct: undefined };
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns

function mangleCase(s, r) {
  return [...s].map((c) => (r.chance(0.4) ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join('');
}

function qmark(s, r, from) {
  // replace one char (after position `from`) by '?'
  if (s.length <= from + 1) return s;
  const i = r.int(from, s.length - 1);
  return s.slice(0, i) + '?' + s.slice(i + 1);
}

function actionPattern(target, r, { allowStar = true, otherActions = ALL_ACTIONS } = {}) {
  const [svc, name] = target.split(':');
  const kind = r.weighted([
    [40, 'exact'], [10, 'case'], [10, 'prefix'], [5, 'suffix'], [5, 'qmark'], [10, 'svc'],
    [allowStar ? 4 : 0, 'star'], [10, 'sibling'], [5, 'other']
  ]);
  switch (kind) {
    case 'exact': return target;
    case 'case': return mangleCase(target, r);
    case 'prefix': return `${svc}:${name.slice(0, r.int(1, Math.max(1, name.length - 2)))}*`;
    case 'suffix': return `${svc}:*${name.slice(r.int(1, name.length - 1))}`;
    case 'qmark': return `${svc}:${qmark(name, r, 0)}`;
    case 'svc': return r.chance(0.2) ? `${svc.toUpperCase()}:*` : `${svc}:*`;
    case 'star': return '*';
    case 'sibling': {
      const sib = otherActions.filter((a) => a.startsWith(svc + ':'));
      return r.pick(sib.length ? sib : [target]);
    }
    default: return r.pick(otherActions);
  }
}

function actionList(targets, r, opts) {
  const n = r.weighted([[6, 1], [3, 2], [1, 3]]);
  const out = [];
  for (let i = 0; i < n; i++) out.push(actionPattern(r.pick(targets), r, opts));
  return n === 1 && r.chance(0.7) ? out[0] : [...new Set(out)];
}

// Resource patterns for a concrete ARN. `vars` allows policy variables.
function resourcePattern(arn, rt, r, { vars, decoys }) {
  if (arn === '*') return r.weighted([[8, '*'], [1, 'arn:aws:s3:::*'], [1, `arn:aws:sqs:us-east-1:${A}:*`]]);
  const p = arn.split(':');
  const res = p.slice(5).join(':');
  const kinds = [
    [35, 'exact'], [14, 'star'], [7, 'acct'], [5, 'region'], [10, 'prefix'], [5, 'qmark'], [10, 'decoy'],
    [3, 'case'], [3, 'allsvc'], [vars ? 10 : 0, 'var'], [2, 'mid']
  ];
  switch (r.weighted(kinds)) {
    case 'exact': return arn;
    case 'star': return '*';
    case 'acct': return p[4] ? [...p.slice(0, 4), '*', ...p.slice(5)].join(':') : arn;
    case 'region': return p[3] ? [...p.slice(0, 3), '*', ...p.slice(4)].join(':') : arn;
    case 'prefix': {
      const cut = Math.max(1, res.length - r.int(1, Math.min(8, res.length - 1)));
      return `${p.slice(0, 5).join(':')}:${res.slice(0, cut)}*`;
    }
    case 'qmark': return `${p.slice(0, 5).join(':')}:${qmark(res, r, Math.min(res.length - 1, 2))}`;
    case 'decoy': return r.pick(decoys.length ? decoys : [arn]);
    case 'case': return `${p.slice(0, 5).join(':')}:${mangleCase(res, r)}`;
    case 'allsvc': return `arn:aws:${p[2]}:*:*:*`;
    case 'mid': return `${p.slice(0, 5).join(':')}:*${res.slice(Math.max(0, res.length - 4))}`;
    default: return variablePattern(arn, rt, r);
  }
}

function variablePattern(arn, rt, r) {
  const p = arn.split(':');
  const head = p.slice(0, 5).join(':');
  switch (rt.id) {
    case 's3object': return r.pick([
      'arn:aws:s3:::data-bucket/home/${aws:username}/*',
      'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*',
      "arn:aws:s3:::data-bucket/home/${aws:PrincipalTag/owner, 'alice'}/*",
      'arn:aws:s3:::data-bucket/home/${aws:userid}/*'
    ]);
    case 's3bucket': return r.pick(['arn:aws:s3:::${aws:PrincipalTag/team}-bucket', "arn:aws:s3:::${aws:PrincipalTag/bucket, 'data'}-bucket"]);
    case 'dynamodb': return r.pick([`${head}:table/\${aws:PrincipalTag/team}`, `${head}:table/\${aws:PrincipalTag/team, 'Orders'}`]);
    case 'iamuser': return r.pick([`${head}:user/\${aws:username}`, 'arn:aws:iam::*:user/${aws:username}', `${head}:user/*/\${aws:username}`]);
    case 'iamrole': return `${head}:role/\${aws:PrincipalTag/team}-role`;
    case 'secretsmanager': return `${head}:secret:\${aws:PrincipalTag/env, 'prod'}/*`;
    case 'sqs': return `${head}:\${aws:PrincipalTag/team}-queue`;
    default: return `${head}:\${aws:username}*`;
  }
}

function resourceList(arns, rt, r, opts) {
  const n = r.weighted([[7, 1], [3, 2]]);
  const out = [];
  for (let i = 0; i < n; i++) out.push(resourcePattern(r.pick(arns), rt, r, opts));
  return n === 1 && r.chance(0.7) ? out[0] : [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------
// Conditions

const OPS = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  ARN: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals', 'StringNotLike'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  Bool: ['Bool'],
  IPAddress: ['IpAddress', 'NotIpAddress']
};

const IP_POLICY = ['203.0.113.0/24', '198.51.100.7', '198.51.100.0/25', '10.0.0.0/8', '2001:db8::/32', '2001:db8:1234::/48', '192.0.2.0/24', '0.0.0.0/0', '203.0.113.10/32', '::/0'];
const DATE_POLICY = ['2024-01-01T00:00:00Z', '2024-06-15T12:00:00Z', '2024-12-31T23:59:59Z', '2025-01-01', '2023-01-01T00:00:00.000Z', '1718452800', '1704067200', '2024-06-15T14:00:00+02:00', '2030-01-01T00:00:00Z'];
const EPOCH_POLICY = ['1718452800', '1735689600', '1700000000', '2024-06-15T12:00:00Z', '2025-01-01T00:00:00Z'];

const VAR_VALUES = {
  String: ['${aws:username}', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'platform'}", '${aws:PrincipalAccount}', "${aws:PrincipalTag/env, 'prod'}"],
  ARN: ['arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}', 'arn:aws:iam::*:user/${aws:username}', "arn:aws:iam::${aws:PrincipalAccount}:role/${aws:PrincipalTag/team, 'app'}-role"]
};

function valuesFor(key, info, op, r, vars) {
  const n = r.weighted([[6, 1], [3, 2], [1, 3]]);
  const out = [];
  for (let i = 0; i < n; i++) {
    let v;
    switch (info.type) {
      case 'IPAddress': v = r.chance(0.8) ? r.pick(IP_POLICY) : r.pick(info.ctx); break;
      case 'Date': v = key === 'aws:EpochTime' ? r.pick(EPOCH_POLICY) : r.chance(0.85) ? r.pick(DATE_POLICY) : r.pick(info.ctx); break;
      case 'Numeric': v = r.pick(info.pol || info.ctx); break;
      case 'Bool': v = r.pick(['true', 'false']); break;
      default: {
        const like = /Like/.test(op) || op.startsWith('Arn');
        const ci = /IgnoreCase/.test(op);
        const choices = [[6, 'ctx'], [like ? 4 : 0, 'like'], [ci ? 4 : 0, 'ci'], [vars && VAR_VALUES[info.type] ? 2 : 0, 'var'], [1, 'decoy']];
        const kind = r.weighted(choices);
        if (kind === 'ctx') v = r.pick(info.ctx);
        else if (kind === 'like' && info.like?.length) v = r.pick(info.like);
        else if (kind === 'ci' && info.ci?.length) v = r.pick(info.ci);
        else if (kind === 'var') v = r.pick(VAR_VALUES[info.type]);
        else v = info.type === 'ARN' ? `arn:aws:iam::${B}:user/mallory` : 'zzz-nomatch';
        if (!vars && v.includes('${')) v = r.pick(info.ctx);
      }
    }
    out.push(v);
  }
  const uniq = [...new Set(out)];
  return uniq.length === 1 && r.chance(0.6) ? uniq[0] : uniq;
}

// One condition block {operator: {key: values}}; keys: the keys usable in this scenario.
function condition(r, keys, vars) {
  const nOps = r.weighted([[7, 1], [3, 2], [1, 3]]);
  const block = {};
  for (let i = 0; i < nOps; i++) {
    const key = r.pick(keys);
    const info = KEYS[key];
    let op;
    let ks;
    if (info.type === 'ArrayOfString') {
      const base = r.pick(OPS.String);
      const mode = r.weighted([[45, 'ForAnyValue:'], [45, 'ForAllValues:'], [6, ''], [4, 'Null']]);
      op = mode === 'Null' ? 'Null' : `${mode}${base}`;
      ks = [key];
    } else {
      const mode = r.weighted([[90, 'op'], [6, 'Null'], [2, 'ForAnyValue:'], [2, 'ForAllValues:']]);
      const base = r.pick(OPS[info.type]);
      op = mode === 'Null' ? 'Null' : mode === 'op' ? base : `${mode}${base}`;
      ks = [key];
      // sometimes a second key of the same type under the same operator (AND)
      if (op !== 'Null' && r.chance(0.15)) {
        const same = keys.filter((k) => KEYS[k].type === info.type && k !== key);
        if (same.length) ks.push(r.pick(same));
      }
    }
    if (op !== 'Null' && r.chance(0.15)) op += 'IfExists';
    block[op] = block[op] || {};
    for (const k of ks) {
      block[op][k] = op === 'Null' ? r.pick(['true', 'false']) : valuesFor(k, KEYS[k], op, r, vars);
    }
  }
  return block;
}

// ---------------------------------------------------------------------------------------------
// Policies

function version(r) {
  return r.weighted([[85, '2012-10-17'], [7, '2008-10-17'], [8, undefined]]);
}

function doc(ver, statements, r) {
  const d = {};
  if (ver) d.Version = ver;
  if (r.chance(0.05)) d.Id = 'policy-id';
  d.Statement = statements.length === 1 && r.chance(0.15) ? statements[0] : statements;
  return JSON.stringify(d);
}

// ctx: {actions, arns, rt, keys, decoys}
function statement(r, ctx, { effect, vars, principal, allowNotAction = true, allowNotResource = true, actionOpts, condP = 0.4, resourceStarOnly = false }) {
  const s = {};
  if (r.chance(0.3)) s.Sid = `S${r.int(1, 99)}`;
  s.Effect = effect;
  if (principal) Object.assign(s, principal);
  const acts = actionList(ctx.actions, r, actionOpts);
  if (allowNotAction && r.chance(0.12)) s.NotAction = acts;
  else s.Action = acts;
  if (resourceStarOnly) {
    s.Resource = '*';
  } else {
    const res = resourceList(ctx.arns, ctx.rt, r, { vars, decoys: ctx.decoys });
    if (allowNotResource && r.chance(0.12)) s.NotResource = res;
    else s.Resource = res;
  }
  if (r.chance(condP) && ctx.keys.length) s.Condition = condition(r, ctx.keys, vars);
  return s;
}

function identityDoc(r, ctx, { allowBias = 0.8 } = {}) {
  const ver = version(r);
  const vars = ver === '2012-10-17';
  const n = r.weighted([[4, 1], [3, 2], [2, 3], [1, 4], [1, 5]]);
  const sts = [];
  for (let i = 0; i < n; i++) sts.push(statement(r, ctx, { effect: r.chance(allowBias) ? 'Allow' : 'Deny', vars }));
  return doc(ver, sts, r);
}

const FULL_AWS_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const RCP_FULL_AWS_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]
});

function scpLevel(r, ctx, isLast) {
  const out = [];
  const kind = r.weighted([[85, 'full'], [12, 'allowlist'], [3, 'none']]);
  if (kind === 'full') out.push(FULL_AWS_ACCESS);
  if (kind === 'allowlist') {
    // allow-list: Allow on some services / actions, Resource "*" (SCP-SYN-RESOURCE-ALLOW)
    const sts = [];
    const n = r.int(1, 2);
    for (let i = 0; i < n; i++) {
      sts.push(statement(r, ctx, { effect: 'Allow', vars: true, allowNotResource: false, resourceStarOnly: true, condP: 0.2 }));
    }
    out.push(doc('2012-10-17', sts, r));
  }
  const denies = r.weighted([[6, 0], [3, 1], [1, 2]]);
  for (let i = 0; i < denies; i++) {
    const sts = [];
    const n = r.int(1, 3);
    for (let j = 0; j < n; j++) sts.push(statement(r, ctx, { effect: 'Deny', vars: true, condP: 0.7 }));
    out.push(doc('2012-10-17', sts, r));
  }
  void isLast;
  return out;
}

function rcpActions(ctx, r) {
  const svcActs = ctx.actions.filter((a) => RCP_SERVICES.has(a.split(':')[0]));
  const pool = svcActs.length ? svcActs : ['s3:GetObject', 'sqs:SendMessage', 'kms:Decrypt'];
  const n = r.weighted([[6, 1], [3, 2]]);
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = actionPattern(r.pick(pool), r, { allowStar: false, otherActions: ALL_ACTIONS.filter((x) => RCP_SERVICES.has(x.split(':')[0])) });
    out.push(a === '*' ? `${r.pick(pool).split(':')[0]}:*` : a);
  }
  return out.length === 1 ? out[0] : [...new Set(out)];
}

function rcpDoc(r, ctx) {
  const n = r.int(1, 3);
  const sts = [];
  for (let i = 0; i < n; i++) {
    const s = {};
    if (r.chance(0.3)) s.Sid = `R${i}`;
    s.Effect = 'Deny';
    s.Principal = '*';
    s.Action = rcpActions(ctx, r);
    const res = resourceList(ctx.arns, ctx.rt, r, { vars: true, decoys: ctx.decoys });
    if (r.chance(0.12)) s.NotResource = res;
    else s.Resource = res;
    if (r.chance(0.85) && ctx.keys.length) {
      // typical RCP guard rails plus random conditions
      s.Condition = r.weighted([
        [3, () => ({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } })],
        [2, () => ({ Bool: { 'aws:SecureTransport': 'false' } })],
        [2, () => ({ StringNotEquals: { 'aws:PrincipalAccount': r.pick([A, B]) } })],
        [5, () => condition(r, ctx.keys, true)]
      ])();
    }
    sts.push(s);
  }
  return doc('2012-10-17', sts, r);
}

// Principal element for a resource-based policy statement.
function rbpPrincipal(r, caller, resAcct) {
  const acct = r.chance(0.7) && caller.acct ? caller.acct : r.pick([A, B, resAcct]);
  const forms = [
    [6, () => ({ AWS: acct })],
    [6, () => ({ AWS: `arn:aws:iam::${acct}:root` })],
    [8, () => ({ AWS: caller.kind === 'user' ? caller.arn : userArn(acct, r) })],
    [8, () => ({ AWS: caller.kind === 'session' ? roleArnOfSession(caller.arn) : `arn:aws:iam::${acct}:role/app-role` })],
    [5, () => ({ AWS: caller.kind === 'session' ? caller.arn : sessionArn(acct, r) })],
    [4, () => '*'],
    [4, () => ({ AWS: '*' })],
    [caller.kind === 'service' ? 12 : 3, () => ({ Service: caller.kind === 'service' && r.chance(0.7) ? caller.arn : r.pick(['sns.amazonaws.com', 's3.amazonaws.com', 'events.amazonaws.com']) })],
    [caller.kind === 'root' ? 6 : 0, () => ({ AWS: caller.arn })]
  ];
  const one = () => r.weighted(forms)();
  if (r.chance(0.2)) {
    // two principals (OR)
    const a = one();
    const b = one();
    if (a === '*' || b === '*') return a === '*' ? b : a;
    const merged = {};
    for (const p of [a, b]) {
      for (const [k, v] of Object.entries(p)) merged[k] = merged[k] ? [...new Set([].concat(merged[k], v))] : v;
    }
    return merged;
  }
  return one();
}

function rbpCondition(r, ctx, caller) {
  return r.weighted([
    [3, () => ({ ArnLike: { 'aws:PrincipalArn': r.pick([`arn:aws:iam::${A}:role/*`, `arn:aws:iam::*:user/alice`, `arn:aws:iam::${B}:*`, caller.kind === 'session' ? roleArnOfSession(caller.arn) : `arn:aws:iam::${A}:user/alice`]) } })],
    [2, () => ({ StringEquals: { 'aws:PrincipalOrgID': ORG_ID } })],
    [2, () => ({ StringEquals: { 'aws:SourceAccount': r.pick([A, B]) } })],
    [2, () => ({ ArnLike: { 'aws:SourceArn': r.pick(KEYS['aws:SourceArn'].like) } })],
    [1, () => ({ Bool: { 'aws:SecureTransport': r.pick(['true', 'false']) } })],
    [6, () => condition(r, ctx.keys, true)]
  ])();
}

function resourcePolicyDoc(r, ctx, caller, resAcct) {
  const ver = r.weighted([[92, '2012-10-17'], [8, '2008-10-17']]);
  const vars = ver === '2012-10-17';
  const n = r.weighted([[4, 1], [3, 2], [2, 3], [1, 4]]);
  const sts = [];
  for (let i = 0; i < n; i++) {
    const effect = r.chance(0.8) ? 'Allow' : 'Deny';
    let principal;
    if (effect === 'Deny' && r.chance(0.08)) {
      principal = { NotPrincipal: rbpPrincipal(r, caller, resAcct) };
      if (principal.NotPrincipal === '*') principal = { Principal: '*' };
    } else {
      principal = { Principal: rbpPrincipal(r, caller, resAcct) };
    }
    const s = statement(r, ctx, { effect, vars, principal, condP: 0 });
    const p = s.Principal;
    const wildcardPrincipal = p === '*' || (p && p.AWS === '*');
    if (r.chance(wildcardPrincipal ? 0.45 : 0.25)) s.Condition = rbpCondition(r, ctx, caller);
    if (!vars && JSON.stringify(s).includes('${')) {
      // 2008-10-17: never put variables in (the oracle substitutes them anyway)
      sts.push(statement(r, ctx, { effect, vars: false, principal, condP: 0 }));
    } else {
      sts.push(s);
    }
  }
  return doc(ver, sts, r);
}

// ---------------------------------------------------------------------------------------------
// Context

function contextValue(key, info, r) {
  if (info.type === 'ArrayOfString') {
    const n = r.weighted([[1, 0], [8, 1], [6, 2], [3, 3]]);
    return r.sample(info.ctx, n);
  }
  return [r.pick(info.ctx)];
}

function contextEntries(r, keys, caller) {
  const out = [];
  for (const key of keys) {
    const info = KEYS[key];
    if (info.derived) {
      // derived keys are normally left to the engines; sometimes given explicitly
      if (!r.chance(0.04)) continue;
    } else if (!r.chance(0.45)) {
      continue;
    }
    let values = contextValue(key, info, r);
    if (key === 'aws:PrincipalArn' && caller.kind === 'user' && r.chance(0.5)) values = [caller.arn];
    // key names are case-insensitive (COND-KEY-NAME-CI); tag-key suffixes are left alone
    const name = r.chance(0.1) ? mangleCase(key.split('/')[0], r) + key.slice(key.split('/')[0].length) : key;
    out.push({ ContextKeyName: name, ContextKeyValues: values, ContextKeyType: CONTEXT_TYPE[info.type] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scenario

export function generateScenario(seed, index) {
  const r = makeRng(`${seed}:${index}`);
  const rt = r.weighted(RESOURCE_TYPES.map((t) => [t.wildcardOnly ? 4 : t.id.startsWith('s3') ? 12 : 10, t]));
  const caller = pickCaller(r, rt);
  const actionNames = r.sample(Object.keys(rt.actions), r.weighted([[5, 1], [4, 2], [1, 3]]));

  // resource account(s)
  const sameAcct = caller.acct && r.chance(0.6);
  const resAcct = sameAcct ? caller.acct : r.pick(ACCOUNTS);
  const candidates = rt.arns(resAcct);
  const resourceArns = rt.wildcardOnly ? ['*'] : r.sample(candidates, r.weighted([[7, 1], [3, 2]]));
  const input = {};

  // keys usable in this scenario: global keys (except ResourceTag for S3) + service keys every action supports
  let svcKeys = null;
  for (const a of actionNames) {
    const ks = rt.actions[a];
    svcKeys = svcKeys === null ? [...ks] : svcKeys.filter((k) => ks.includes(k));
  }
  const keys = [
    ...GLOBAL_KEYS.filter((k) => !(KEYS[k].noS3 && actionNames.some((a) => a.startsWith('s3:')))),
    ...(svcKeys || [])
  ];
  // service keys get extra weight so they show up
  const weightedKeys = [...keys, ...(svcKeys || []), ...(svcKeys || [])];
  const ctx = {
    actions: actionNames,
    arns: rt.wildcardOnly ? ['*'] : candidates,
    rt,
    keys: weightedKeys,
    decoys: rt.decoys(resAcct)
  };

  const hasIdentity = caller.kind === 'user' || caller.kind === 'session';
  if (hasIdentity) {
    const n = r.weighted([[5, 1], [3, 2], [2, 3]]);
    input.PolicyInputList = Array.from({ length: n }, () => identityDoc(r, ctx));
  } else if (caller.kind === 'root') {
    input.PolicyInputList = [];
  }
  if (hasIdentity && r.chance(0.25)) {
    input.PermissionsBoundaryPolicyInputList = [identityDoc(r, ctx, { allowBias: 0.9 })];
  }
  if (caller.kind === 'session' && r.chance(0.3)) {
    const n = r.weighted([[4, 1], [1, 2]]);
    input.SessionPolicyInputList = Array.from({ length: n }, () => identityDoc(r, ctx, { allowBias: 0.9 }));
  }

  input.ActionNames = actionNames;
  input.ResourceArns = resourceArns;

  // resource-based policy
  const needsRbp = caller.kind === 'service' || caller.kind === 'anonymous';
  if (rt.rbp && (needsRbp || r.chance(rt.svc === 'kms' ? 0.9 : 0.5))) {
    input.ResourcePolicy = resourcePolicyDoc(r, ctx, caller, resAcct);
  }
  // S3 ARNs carry no account: ResourceOwner decides (else the caller's account)
  if (rt.ownerField) {
    if (!sameAcct || r.chance(0.5)) input.ResourceOwner = r.chance(0.5) ? resAcct : `arn:aws:iam::${resAcct}:root`;
  }
  input.CallerArn = caller.arn;

  // org policies
  const orgCaller = caller.kind !== 'service' && caller.kind !== 'anonymous';
  const withScp = orgCaller && r.chance(0.35);
  const withRcp = caller.kind !== 'service' && r.chance(0.25);
  if (withScp || withRcp) {
    const levels = r.weighted([[4, 1], [4, 2], [2, 3]]);
    input.OrderedOrganizationPolicyInputList = [];
    for (let i = 0; i < levels; i++) {
      const level = {};
      if (withScp) level.ServiceControlPolicyInputList = scpLevel(r, ctx, i === levels - 1);
      if (withRcp) {
        // RCPFullAWSAccess is attached everywhere and cannot be detached (RCP-FULLAWSACCESS-DEFAULT)
        const rcps = [RCP_FULL_AWS_ACCESS];
        const n = r.weighted([[3, 0], [5, 1], [2, 2]]);
        for (let j = 0; j < n; j++) rcps.push(rcpDoc(r, ctx));
        level.ResourceControlPolicyInputList = rcps;
      }
      input.OrderedOrganizationPolicyInputList.push(level);
    }
  }

  // context
  let entries = contextEntries(r, keys, caller);
  if (caller.kind === 'service' && r.chance(0.6)) {
    entries = entries.filter((e) => !/^aws:Source(Arn|Account)$/i.test(e.ContextKeyName));
    entries.push({ ContextKeyName: 'aws:SourceAccount', ContextKeyValues: [r.pick([A, B])], ContextKeyType: 'string' });
    if (r.chance(0.7)) entries.push({ ContextKeyName: 'aws:SourceArn', ContextKeyValues: [r.pick(KEYS['aws:SourceArn'].ctx)], ContextKeyType: 'string' });
  }
  if (entries.length) input.ContextEntries = entries;
  return input;
}

export function* generateScenarios(seed, count, start = 0) {
  for (let i = start; i < start + count; i++) yield generateScenario(seed, i);
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { count: 10, seed: '1' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--count') out.count = Number(argv[++i]);
    else if (argv[i] === '--seed') out.seed = argv[++i];
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const { count, seed } = parseArgs(process.argv.slice(2));
  for (const s of generateScenarios(seed, count)) process.stdout.write(JSON.stringify(s) + '\n');
}
