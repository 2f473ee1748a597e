#!/usr/bin/env python3
"""Seeds the fuzzing corpora (fuzz/corpus/) from the project's own data:
AWS managed policies, the decision corpus as simulate inputs, the scenarios."""
import glob
import json
import os
import shutil

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "fuzz", "corpus")
for t in ("policy", "simulate_input", "scenario"):
    os.makedirs(os.path.join(corpus, t), exist_ok=True)

with open(os.path.join(root, "crates/iam-catalog/data/managed-policies.json"), encoding="utf-8") as f:
    for p in json.load(f)["policies"][::5]:
        with open(os.path.join(corpus, "policy", p["name"] + ".json"), "w", encoding="utf-8") as out:
            out.write(p["document"])


def stringify(policies):
    return [json.dumps(p) if isinstance(p, dict) else p for p in policies]


i = 0
for path in sorted(glob.glob(os.path.join(root, "tests/corpus/*.json"))):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    for case in cases:
        inp = case["input"]
        for k in ("PolicyInputList", "PermissionsBoundaryPolicyInputList", "SessionPolicyInputList"):
            if k in inp:
                inp[k] = stringify(inp[k])
        if isinstance(inp.get("ResourcePolicy"), dict):
            inp["ResourcePolicy"] = json.dumps(inp["ResourcePolicy"])
        for level in inp.get("OrderedOrganizationPolicyInputList", []):
            for k in ("ServiceControlPolicyInputList", "ResourceControlPolicyInputList"):
                if k in level:
                    level[k] = stringify(level[k])
        with open(os.path.join(corpus, "simulate_input", f"case{i}.json"), "w", encoding="utf-8") as out:
            json.dump(inp, out)
        i += 1

for path in glob.glob(os.path.join(root, "scenarios/*.json")):
    shutil.copy(path, os.path.join(corpus, "scenario"))
