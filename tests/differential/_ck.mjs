import { typeForContextKey, runSimulation } from '@cloud-copilot/iam-simulate';
for (const k of ['secretsmanager:SecretId','sns:Endpoint','s3:RequestObjectTag/x','s3:x-amz-acl','aws:TokenIssueTime']) console.log(k, await typeForContextKey(k));
const A='111111111111';
async function t(label, pol, extra={}) {
  const res = await runSimulation({request:{principal:`arn:aws:iam::${A}:user/alice`, action:'sqs:SendMessage', resource:{resource:`arn:aws:sqs:us-east-1:${A}:q`, accountId:A}, contextVariables:extra.ctx||{}}, identityPolicies:[{name:'p',policy:pol}], serviceControlPolicies:[], resourceControlPolicies:extra.rcps||[], ...(extra.rp?{resourcePolicy:extra.rp}:{})},{simulationMode:'Strict'});
  console.log(label, res.resultType, res.overallResult ?? JSON.stringify(res.errors).slice(0,300));
}
const S = {Effect:'Allow',Action:'sqs:*',Resource:'*'};
await t('noversion', {Statement:[S]});
await t('2008', {Version:'2008-10-17',Statement:[S]});
await t('stmt-obj', {Version:'2012-10-17',Statement:S});
await t('NotPrincipal in RBP', {Version:'2012-10-17',Statement:[S]}, {rp:{Version:'2012-10-17',Statement:[{Effect:'Deny',NotPrincipal:{AWS:'arn:aws:iam::111111111111:user/bob'},Action:'sqs:*',Resource:'*'}]}});
await t('ForAllValues IfExists', {Version:'2012-10-17',Statement:[{...S,Condition:{'ForAllValues:StringLikeIfExists':{'aws:TagKeys':['a*']}}}]});
await t('var special', {Version:'2012-10-17',Statement:[{...S,Condition:{'StringLike':{'aws:RequestedRegion':['us-${*}']}}}]}, {ctx:{'aws:RequestedRegion':'us-east-1'}});
await t('var special2', {Version:'2012-10-17',Statement:[{...S,Condition:{'StringLike':{'aws:RequestedRegion':['us${?}east-1']}}}]}, {ctx:{'aws:RequestedRegion':'us-east-1'}});
await t('var default', {Version:'2012-10-17',Statement:[{...S,Condition:{'StringEquals':{'aws:RequestedRegion':["${aws:PrincipalTag/team, 'us-east-1'}"]}}}]}, {ctx:{'aws:RequestedRegion':'us-east-1'}});
await t('date tz', {Version:'2012-10-17',Statement:[{...S,Condition:{'DateEquals':{'aws:CurrentTime':['2024-06-15T14:00:00+02:00']}}}]}, {ctx:{'aws:CurrentTime':'2024-06-15T12:00:00Z'}});
await t('date epoch', {Version:'2012-10-17',Statement:[{...S,Condition:{'DateEquals':{'aws:CurrentTime':['1718452800']}}}]}, {ctx:{'aws:CurrentTime':'2024-06-15T12:00:00Z'}});
await t('date only', {Version:'2012-10-17',Statement:[{...S,Condition:{'DateLessThan':{'aws:CurrentTime':['2024-06-16']}}}]}, {ctx:{'aws:CurrentTime':'2024-06-15T12:00:00Z'}});
await t('epochtime iso', {Version:'2012-10-17',Statement:[{...S,Condition:{'DateEquals':{'aws:EpochTime':['2024-06-15T12:00:00Z']}}}]}, {ctx:{'aws:EpochTime':'1718452800'}});
await t('epochtime numeric', {Version:'2012-10-17',Statement:[{...S,Condition:{'NumericEquals':{'aws:EpochTime':['1718452800']}}}]}, {ctx:{'aws:EpochTime':'1718452800'}});
await t('rcp', {Version:'2012-10-17',Statement:[S]}, {rcps:[{orgIdentifier:'r-root',policies:[{name:'x',policy:{Version:'2012-10-17',Statement:[{Effect:'Deny',Principal:'*',Action:'sqs:*',NotResource:'arn:aws:sqs:*:*:zzz',Condition:{StringNotEquals:{'aws:PrincipalOrgID':'o-1'}}}]}}]}]});
await t('rcp-sns', {Version:'2012-10-17',Statement:[S]}, {rcps:[{orgIdentifier:'r-root',policies:[{name:'x',policy:{Version:'2012-10-17',Statement:[{Effect:'Deny',Principal:'*',Action:'sns:*',Resource:'*'}]}}]}]});
await t('empty list ctx', {Version:'2012-10-17',Statement:[{...S,Condition:{'ForAllValues:StringEquals':{'aws:TagKeys':['a']}}}]}, {ctx:{'aws:TagKeys':[]}});
