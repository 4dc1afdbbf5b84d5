#!/usr/bin/env python3
"""Compare ngio's JSON with nvme-cli's on every key both print.

usage: jsoncmp.py NGIO.json NVME.json [key=value ...]
The key=value pairs are further expectations on ngio's output (top-level
keys; strings compared after stripping padding).  Exit 0 when all agree.
"""
import json
import sys


def norm(v):
    # nvme-cli 2.3 prints 32-bit fields through a signed int (>= 2^31 goes
    # negative); ngio prints them unsigned.  Compare modulo 2^32.
    if isinstance(v, int) and v < 0:
        return v + (1 << 32)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def main():
    ours = json.load(open(sys.argv[1]))
    theirs = json.load(open(sys.argv[2]))
    bad = []
    common = [k for k in ours if k in theirs]
    for k in common:
        if norm(ours[k]) != norm(theirs[k]):
            bad.append(f"{k}: ngio {ours[k]!r} nvme-cli {theirs[k]!r}")
    # Same order for the keys both print.
    if [k for k in theirs if k in ours] != common:
        bad.append("key order differs from nvme-cli")
    only = sorted(set(theirs) - set(ours))
    if only:
        bad.append(f"keys only nvme-cli prints: {only}")
    for exp in sys.argv[3:]:
        k, v = exp.split("=", 1)
        got = ours.get(k)
        if str(got).strip() != v:
            bad.append(f"{k}: {got!r}, want {v!r}")
    for b in bad:
        print(b)
    print(f"{len(common)} keys compared")
    return 1 if bad else 0


sys.exit(main())
