#!/usr/bin/env python3
"""Side-by-side: Parliament (PyPI `parliament`) and `iamplay lint` on the same policies.

    python3 -m venv /tmp/parliament-venv && /tmp/parliament-venv/bin/pip install parliament
    cargo build --release -p iam-cli
    /tmp/parliament-venv/bin/python bench/parliament-compare.py [--community] [--out DIR]

Corpora: the 1,594 AWS managed policies (crates/iam-catalog/data/managed-policies.json,
written to a temporary folder, linted as `--type aws-managed`) and AWS's example SCPs,
RCPs and VPC endpoint policies (tests/data/scp-examples, linted as scp, rcp and resource).

Prints Markdown tables: every Parliament finding type with the codes of ours that
mean the same thing, and how many of its findings we also report in the same
statement (or, for policy-level findings, the same policy); then our codes the
same way round. `--out` keeps the raw findings and samples of each side's
unmatched findings (for reading, not for the tables). `--community` adds
Parliament's opt-in community auditors.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

try:
    import parliament
    from parliament import analyze_policy_string, enhance_finding
except ImportError:
    sys.exit("parliament is not importable: run this script with the Python of a venv where `pip install parliament` ran")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Parliament finding -> our codes that report the same problem.
EQUIVALENT = {
    "MALFORMED_JSON": ["json-syntax"],
    "MALFORMED": [
        "unknown-element", "missing-effect", "invalid-effect", "missing-action", "missing-statement",
        "missing-resource", "action-and-notaction", "resource-and-notresource", "principal-and-notprincipal",
        "invalid-type", "expected-object",
    ],
    "DUPLICATE_SID": ["duplicate-sid"],
    "INVALID_SID": ["invalid-sid"],
    "UNKNOWN_ACTION": ["unknown-action", "wildcard-matches-nothing"],
    "UNKNOWN_PREFIX": ["unknown-service"],
    "UNKNOWN_OPERATOR": ["unknown-operator"],
    "UNKNOWN_CONDITION_FOR_ACTION": ["condition-key-not-applicable", "unknown-condition-key"],
    "MISMATCHED_TYPE": ["condition-type-mismatch", "invalid-condition-value", "leftover-placeholder"],
    "MISMATCHED_TYPE_BUT_USABLE": ["condition-type-mismatch"],
    "MISMATCHED_TYPE_OPERATION_TO_NULL": ["invalid-condition-value"],
    "BAD_PATTERN_FOR_MFA": ["mfa-check-bypassable"],
    "INVALID_ARN": ["invalid-arn", "invalid-arn-region", "invalid-arn-account", "leftover-placeholder"],
    "NO_VERSION": ["missing-version"],
    "INVALID_VERSION": ["invalid-version"],
    "OLD_VERSION": ["old-version"],
    "RESOURCE_MISMATCH": ["action-resource-mismatch", "resource-mismatch", "missing-required-resource"],
    "RESOURCE_STAR": [],
    "RESOURCE_EFFECTIVELY_STAR": [],
    "RESOURCE_POLICY_PRIVILEGE_ESCALATION": ["resource-policy-escalation"],
    "UNKNOWN_PRINCIPAL": ["invalid-principal-format"],
    "UNKNOWN_FEDERATION_SOURCE": ["invalid-principal-format"],
    "PRIVILEGE_ESCALATION": ["privilege-escalation"],
    "NOTPRINCIPAL_WITH_ALLOW": ["allow-not-principal"],
    "NOTRESOURCE_WITH_ALLOW": ["allow-not-resource"],
    "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE": ["forallvalues-single-valued", "foranyvalue-single-valued"],
    "PERMISSIONS_MANAGEMENT_ACTIONS": [],
    "CREDENTIALS_EXPOSURE": [],
    "SENSITIVE_ACCESS": [],
    "EXCEPTION": [],
}


def statement_lines(text):
    """(first line, last line) of each statement object, by a small JSON scan."""
    spans = []
    stack = []  # entries: [kind, key_for_values, is_statement_container, start_line]
    line = 1
    i = 0
    pending_key = None
    last_string = None
    while i < len(text):
        c = text[i]
        if c == "\n":
            line += 1
        elif c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            last_string = text[i + 1 : j]
            line += text[i:j].count("\n")
            i = j
        elif c == ":":
            pending_key = last_string
        elif c in "{[":
            parent = stack[-1] if stack else None
            container = False
            is_statement = False
            if parent is None:
                pass
            elif parent[0] == "{" and pending_key == "Statement" and len(stack) == 1:
                container = c == "["
                is_statement = c == "{"
            elif parent[0] == "[" and parent[2]:
                is_statement = c == "{"
            stack.append([c, None, container, line, is_statement])
            pending_key = None
        elif c in "}]":
            if stack:
                frame = stack.pop()
                if frame[4]:
                    spans.append((frame[3], line))
        elif c == ",":
            pending_key = None
        i += 1
    return spans


def statement_of(spans, line):
    if line is None:
        return -1
    for index, (first, last) in enumerate(spans):
        if first <= line <= last:
            return index
    return -1


def run_parliament(files, community):
    findings = []
    start = time.perf_counter()
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        spans = statement_lines(text)
        try:
            policy = analyze_policy_string(text, path, include_community_auditors=community)
            raw = [enhance_finding(f) for f in policy.findings]
        except Exception as e:  # Parliament crashes on some key types (ArrayOfARN)
            findings.append({"path": path, "issue": "EXCEPTION", "severity": "CRITICAL", "statement": -1, "detail": str(e)})
            continue
        for f in raw:
            loc = f.location if isinstance(f.location, dict) else {}
            line = loc.get("line", loc.get("lineno"))
            findings.append(
                {
                    "path": path,
                    "issue": f.issue,
                    "severity": f.severity,
                    "statement": statement_of(spans, line),
                    "detail": str(f.detail),
                    "line": line,
                }
            )
    return findings, time.perf_counter() - start


def run_iamplay(iamplay, groups):
    findings = []
    start = time.perf_counter()
    for policy_type, paths in groups:
        out = subprocess.run(
            [iamplay, "lint", "--format", "json", "--type", policy_type, *paths], capture_output=True, text=True
        )
        if out.returncode not in (0, 1):
            sys.exit(f"iamplay failed: {out.stderr}")
        findings.extend(json.loads(out.stdout))
    elapsed = time.perf_counter() - start
    spans = {}
    for f in findings:
        if f["path"] not in spans:
            with open(f["path"], encoding="utf-8") as fh:
                spans[f["path"]] = statement_lines(fh.read())
        f["statement"] = statement_of(spans[f["path"]], f["line"])
    return findings, elapsed


def index(findings, key):
    by = collections.defaultdict(set)
    for f in findings:
        by[(f["path"], f[key])].add(f["statement"])
    return by


def compare(name, files, groups, iamplay, community, out_dir):
    theirs, their_time = run_parliament(files, community)
    ours, our_time = run_iamplay(iamplay, groups)
    our_at = index(ours, "code")
    their_at = index(theirs, "issue")

    # Unknown names are matched by name, not just by statement.
    named = collections.defaultdict(set)
    for f in ours:
        if f["code"] in ("unknown-action", "unknown-service", "wildcard-matches-nothing"):
            entry = f["message"].split("`")[1].lower() if "`" in f["message"] else ""
            named[(f["path"], f["statement"])].update([entry, entry.split(":")[0]])

    def we_report(f):
        if f["issue"] in ("UNKNOWN_ACTION", "UNKNOWN_PREFIX"):
            entry = f["detail"].split()[-1].lower()
            return entry in named.get((f["path"], f["statement"]), set())
        for code in EQUIVALENT.get(f["issue"], []):
            stmts = our_at.get((f["path"], code), set())
            if stmts and (f["statement"] == -1 or f["statement"] in stmts):
                return True
        return False

    def they_report(f):
        for issue, codes in EQUIVALENT.items():
            if f["code"] in codes:
                stmts = their_at.get((f["path"], issue), set())
                if stmts and (-1 in stmts or f["statement"] in stmts):
                    return True
        return False

    print(f"\n### {name}: {len(files)} policies\n")
    print(f"Parliament {parliament.__version__}: {len(theirs)} findings in {their_time:.2f} s; "
          f"`iamplay lint`: {len(ours)} findings in {our_time:.2f} s (one process, including start-up).\n")
    print("| Parliament finding | severity | findings | policies | our codes | also reported by us |")
    print("|---|---|---:|---:|---|---:|")
    by_issue = collections.defaultdict(list)
    for f in theirs:
        by_issue[f["issue"]].append(f)
    unmatched_theirs = {}
    for issue, fs in sorted(by_issue.items(), key=lambda kv: -len(kv[1])):
        matched = [f for f in fs if we_report(f)]
        unmatched_theirs[issue] = [f for f in fs if not we_report(f)][:40]
        codes = ", ".join(f"`{c}`" for c in EQUIVALENT.get(issue, [])) or "—"
        policies = len({f["path"] for f in fs})
        print(f"| {issue} | {fs[0]['severity']} | {len(fs)} | {policies} | {codes} | {len(matched)} |")
    print("\n| our code | severity | findings | policies | also reported by Parliament |")
    print("|---|---|---:|---:|---:|")
    by_code = collections.defaultdict(list)
    for f in ours:
        by_code[f["code"]].append(f)
    unmatched_ours = {}
    for code, fs in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
        matched = [f for f in fs if they_report(f)]
        unmatched_ours[code] = [f for f in fs if not they_report(f)][:40]
        policies = len({f["path"] for f in fs})
        print(f"| `{code}` | {fs[0]['severity']} | {len(fs)} | {policies} | {len(matched)} |")
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        slug = name.lower().replace(" ", "-")
        with open(os.path.join(out_dir, f"{slug}.json"), "w") as f:
            json.dump({"parliament": theirs, "iamplay": ours,
                       "parliament_unmatched_samples": unmatched_theirs, "iamplay_unmatched_samples": unmatched_ours}, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iamplay", default=os.path.join(ROOT, "target", "release", "iamplay"))
    ap.add_argument("--community", action="store_true", help="include Parliament's community auditors")
    ap.add_argument("--out", help="folder for the raw findings and unmatched samples")
    args = ap.parse_args()
    if not os.path.exists(args.iamplay):
        subprocess.run(["cargo", "build", "--release", "-p", "iam-cli"], cwd=ROOT, check=True)

    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(ROOT, "crates", "iam-catalog", "data", "managed-policies.json"), encoding="utf-8") as f:
            corpus = json.load(f)["policies"]
        managed = []
        for p in corpus:
            path = os.path.join(tmp, p["name"] + ".json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(p["document"])
            managed.append(path)
        compare("AWS managed policies", managed, [("aws-managed", managed)], args.iamplay, args.community, args.out)

    examples = os.path.join(ROOT, "tests", "data", "scp-examples")
    typed = collections.defaultdict(list)
    for folder, _, names in os.walk(examples):
        for n in sorted(names):
            if n.endswith(".json"):
                path = os.path.join(folder, n)
                kind = "rcp" if "resource_control_policies" in path else "resource" if "vpc_endpoint_policies" in path else "scp"
                typed[kind].append(path)
    files = [p for kind in ("scp", "rcp", "resource") for p in typed[kind]]
    compare("SCP, RCP and VPC endpoint examples", files, [(k, v) for k, v in typed.items()], args.iamplay, args.community, args.out)


if __name__ == "__main__":
    main()
