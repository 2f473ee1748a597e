#!/usr/bin/env bash
# Writes the AWS exports `iamplay import` reads, into DIR (default: aws-export/):
#   scripts/export-org.sh [DIR]          (run with credentials for the management account)
# Then: iamplay import --org DIR --iam DIR/iam-<account>.json > scenario.json
# Read-only calls only; nothing here changes your AWS accounts.
set -euo pipefail
dir="${1:-aws-export}"
mkdir -p "$dir"
aws organizations describe-organization > "$dir/describe-organization.json"
aws organizations list-roots > "$dir/list-roots.json"
walk() {
  local parent="$1"
  aws organizations list-accounts-for-parent --parent-id "$parent" > "$dir/list-accounts-for-parent-$parent.json"
  aws organizations list-organizational-units-for-parent --parent-id "$parent" > "$dir/list-organizational-units-for-parent-$parent.json"
  for ou in $(jq -r '.OrganizationalUnits[].Id' "$dir/list-organizational-units-for-parent-$parent.json"); do
    walk "$ou"
  done
}
walk "$(jq -r '.Roots[0].Id' "$dir/list-roots.json")"
for kind in scp:SERVICE_CONTROL_POLICY rcp:RESOURCE_CONTROL_POLICY; do
  short="${kind%%:*}"; filter="${kind#*:}"
  aws organizations list-policies --filter "$filter" > "$dir/list-policies-$short.json" || continue
  for id in $(jq -r '.Policies[].Id' "$dir/list-policies-$short.json"); do
    aws organizations describe-policy --policy-id "$id" > "$dir/describe-policy-$id.json"
    aws organizations list-targets-for-policy --policy-id "$id" > "$dir/list-targets-for-policy-$id.json"
  done
done
# This account's IAM (repeat with credentials for each account you want to import).
account="$(aws sts get-caller-identity --query Account --output text)"
aws iam get-account-authorization-details > "$dir/iam-$account.json"
echo "wrote $dir/ (import with: iamplay import --org $dir --iam $dir/iam-$account.json)"
