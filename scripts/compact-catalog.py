#!/usr/bin/env python3
"""Writes the compact IAM catalog the engine loads, from the bundled source files.

    scripts/compact-catalog.py

Reads  crates/iam-catalog/data/iam-catalog.json        (see data/README.md for the schema)
       crates/iam-catalog/data/iam-descriptions.json
Writes crates/iam-catalog/data/catalog.compact.json       services, actions, resource types, keys
       crates/iam-catalog/data/descriptions.compact.json  hover text, aligned with the catalog

The compact form is positional (arrays instead of objects, indices instead of
repeated names, trailing empty arrays dropped), so it is about half the size
and parses in a fraction of the time. Layout (`schema` 1):

  catalog: {"schema": 1, "source": {...}, "types": [type names], "access": [level names],
            "global": [[key, type, category]], "rcp": [prefixes],
            "services": [[prefix, name, keys, resourceTypes, actions]]}
    keys:          [[name, type]]                       (type = index into "types")
    resourceTypes: [[name, [arn formats], [key indices]]]
    actions:       [[name, access, [[resource type index, required 0|1, [key indices]]], [key indices]]]
                   sorted by lower-case name; keys referenced but not defined are added as String.
  descriptions: {"schema": 1, "services": [[prefix, [action descriptions], [key descriptions]]]}
                   in the same order as the catalog's actions and keys ("" when missing).

Run it after scripts/import-data.py refreshes the source files, then commit both outputs.
"""
import json
import os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "crates", "iam-catalog", "data")

TYPES = ["String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool", "Numeric", "Date", "IPAddress"]
ACCESS = ["List", "Read", "Write", "Permissions management", "Tagging"]


def trim(row):
    """Drops trailing empty lists so the reader can default them."""
    while row and row[-1] == []:
        row.pop()
    return row


def main():
    with open(os.path.join(data, "iam-catalog.json"), encoding="utf-8") as f:
        catalog = json.load(f)
    with open(os.path.join(data, "iam-descriptions.json"), encoding="utf-8") as f:
        descriptions = json.load(f)["services"]

    services = []
    described = []
    for prefix in sorted(catalog["services"]):
        svc = catalog["services"][prefix]
        assert prefix == prefix.lower() and prefix.isascii(), prefix
        keys = dict(svc.get("conditionKeys", {}))
        # Keys that actions or resource types reference without defining them.
        referenced = []
        for action in svc["actions"].values():
            referenced += action.get("conditionKeys", [])
            for r in action.get("resources", []):
                referenced += r.get("conditionKeys", [])
        for rt in svc.get("resourceTypes", {}).values():
            referenced += rt.get("conditionKeys", [])
        for k in referenced:
            keys.setdefault(k, "String")
        key_names = sorted(keys)
        key_index = {k: i for i, k in enumerate(key_names)}
        key_rows = [[k, TYPES.index(keys[k])] for k in key_names]

        rt_names = sorted(svc.get("resourceTypes", {}))
        rt_index = {n: i for i, n in enumerate(rt_names)}
        rt_rows = []
        for n in rt_names:
            rt = svc["resourceTypes"][n]
            rt_rows.append(trim([n, rt["arn"], [key_index[k] for k in rt.get("conditionKeys", [])]]))

        action_names = sorted(svc["actions"], key=lambda a: a.lower())
        assert len({a.lower() for a in action_names}) == len(action_names), prefix
        action_rows = []
        for name in action_names:
            assert name.isascii(), name
            a = svc["actions"][name]
            resources = []
            for r in a.get("resources", []):
                if r["type"] not in rt_index:
                    continue
                resources.append(
                    trim([rt_index[r["type"]], 1 if r.get("required") else 0, [key_index[k] for k in r.get("conditionKeys", [])]])
                )
            action_rows.append(trim([name, ACCESS.index(a["access"]), resources, [key_index[k] for k in a.get("conditionKeys", [])]]))
        services.append(trim([prefix, svc["name"], key_rows, rt_rows, action_rows]))

        desc = descriptions.get(prefix, {})
        described.append(
            [
                prefix,
                [desc.get("actions", {}).get(n, "") for n in action_names],
                [desc.get("conditionKeys", {}).get(k, "") for k in key_names],
            ]
        )

    compact = {
        "schema": 1,
        "source": catalog["source"],
        "types": TYPES,
        "access": ACCESS,
        "global": [[k, TYPES.index(v["type"]), v["category"]] for k, v in catalog["globalConditionKeys"].items()],
        "rcp": sorted(catalog["rcpSupportedServices"]),
        "services": services,
    }
    with open(os.path.join(data, "catalog.compact.json"), "w", encoding="utf-8") as f:
        json.dump(compact, f, separators=(",", ":"), ensure_ascii=False)
    with open(os.path.join(data, "descriptions.compact.json"), "w", encoding="utf-8") as f:
        json.dump({"schema": 1, "services": described}, f, separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    main()
