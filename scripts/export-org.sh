#!/usr/bin/env bash
# Writes the AWS exports `iamplay import` reads, into DIR (default: aws-export/):
#   scripts/export-org.sh [DIR]          (run with credentials for the management account)
# Then: iamplay import --org DIR --iam DIR/iam-<account>.json > scenario.json
# Read-only calls only; nothing here changes your AWS accounts.
set -euo pipefail
dir="${1:-aws-export}"
mkdir -p "$dir"
# save FILE COMMAND...: writes the command's output to FILE only if it succeeds;
# a failed command leaves no (empty) file behind for the importer to trip on.
save() {
  local out="$1"; shift
  if "$@" > "$out.tmp"; then mv "$out.tmp" "$out"; else rm -f "$out.tmp"; return 1; fi
}
save "$dir/describe-organization.json" aws organizations describe-organization
save "$dir/list-roots.json" aws organizations list-roots
walk() {
  local parent="$1"
  save "$dir/list-accounts-for-parent-$parent.json" aws organizations list-accounts-for-parent --parent-id "$parent"
  save "$dir/list-organizational-units-for-parent-$parent.json" aws organizations list-organizational-units-for-parent --parent-id "$parent"
  for ou in $(jq -r '.OrganizationalUnits[].Id' "$dir/list-organizational-units-for-parent-$parent.json"); do
    walk "$ou"
  done
}
walk "$(jq -r '.Roots[0].Id' "$dir/list-roots.json")"
for kind in scp:SERVICE_CONTROL_POLICY rcp:RESOURCE_CONTROL_POLICY; do
  short="${kind%%:*}"; filter="${kind#*:}"
  # Fails when the policy type is not enabled: then there is no file, as the importer expects.
  save "$dir/list-policies-$short.json" aws organizations list-policies --filter "$filter" || continue
  for id in $(jq -r '.Policies[].Id' "$dir/list-policies-$short.json"); do
    save "$dir/describe-policy-$id.json" aws organizations describe-policy --policy-id "$id"
    save "$dir/list-targets-for-policy-$id.json" aws organizations list-targets-for-policy --policy-id "$id"
  done
done
# This account's IAM (repeat with credentials for each account you want to import).
account="$(aws sts get-caller-identity --query Account --output text)"
save "$dir/iam-$account.json" aws iam get-account-authorization-details
echo "wrote $dir/ (import with: iamplay import --org $dir --iam $dir/iam-$account.json)"
