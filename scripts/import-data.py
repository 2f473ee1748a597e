#!/usr/bin/env python3
"""Refreshes the bundled data from a data folder laid out like ../shared/data
(see crates/iam-catalog/data/README.md for sources and licenses).

    scripts/import-data.py /path/to/data

Writes:
  crates/iam-catalog/data/iam-catalog.json        the IAM action catalog (as is, minified)
  crates/iam-catalog/data/iam-descriptions.json   one-line descriptions (as is, minified)
  crates/iam-catalog/data/managed-policies.json   every AWS managed policy: metadata + original text
  crates/iam-catalog/data/LICENSES/               the sources' licenses
  tests/data/scp-examples/                        AWS's example SCPs/RCPs, byte for byte
"""
import json
import os
import shutil
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
out = os.path.join(root, "crates", "iam-catalog", "data")
os.makedirs(out, exist_ok=True)


def minify(name):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        data = json.load(f)
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"), ensure_ascii=False, sort_keys=False)


minify("iam-catalog.json")
minify("iam-descriptions.json")

with open(os.path.join(src, "managed-policies-index.json"), encoding="utf-8") as f:
    index = json.load(f)
policies = []
folder = os.path.join(src, "managed-policies")
for file in sorted(os.listdir(folder)):
    name = file[: -len(".json")]
    meta = index["policies"].get(name, {})
    with open(os.path.join(folder, file), encoding="utf-8") as f:
        text = f.read()
    entry = {
        "name": name,
        "arn": meta.get("arn", f"arn:aws:iam::aws:policy/{name}"),
        "path": meta.get("path", "/"),
        "versionId": meta.get("versionId", "v1"),
        "updated": meta.get("updated", ""),
    }
    if meta.get("deprecated"):
        entry["deprecated"] = True
    entry["document"] = text
    policies.append(entry)
with open(os.path.join(out, "managed-policies.json"), "w", encoding="utf-8") as f:
    json.dump({"source": index.get("source", {}), "policies": policies}, f, separators=(",", ":"), ensure_ascii=False)

shutil.copytree(os.path.join(src, "LICENSES"), os.path.join(out, "LICENSES"), dirs_exist_ok=True)
dst = os.path.join(root, "tests", "data", "scp-examples")
if os.path.exists(dst):
    shutil.rmtree(dst)
shutil.copytree(os.path.join(src, "scp-examples"), dst)
shutil.copy(os.path.join(src, "managed-policies-facts.json"), os.path.join(root, "tests", "data", "managed-policies-facts.json"))
print(f"{len(policies)} managed policies; catalog and descriptions copied to {out}")
