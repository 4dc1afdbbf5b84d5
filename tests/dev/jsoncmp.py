#!/usr/bin/env python3
"""Compare ngio's JSON with nvme-cli's on every key both print.

usage: jsoncmp.py NGIO.json NVME.json [--then NGIO2.json] [key=value ...]
The key=value pairs are further expectations on ngio's output (top-level
keys; strings compared after stripping padding).  Exit 0 when all agree.

--then NGIO2.json is ngio's output read again after nvme-cli's, for
values that move on their own (counters, hours): where ngio's two reads
differ, nvme-cli's value must lie between them; where they agree, it must
equal them.
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


def as_int(v):
    """A number, or a 128-bit counter printed as a decimal string."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.isdigit():
        return int(v)
    return None


def between(a, b, t):
    a, b, t = as_int(a), as_int(b), as_int(t)
    return None not in (a, b, t) and min(a, b) <= t <= max(a, b)


def main():
    args = sys.argv[1:]
    ours = json.load(open(args.pop(0)))
    theirs = json.load(open(args.pop(0)))
    again = ours
    if args[:1] == ["--then"]:
        again = json.load(open(args[1]))
        args = args[2:]
    bad = []
    common = [k for k in ours if k in theirs]
    for k in common:
        if norm(ours[k]) == norm(theirs[k]):
            continue
        if again is not ours and between(ours[k], again.get(k), theirs[k]):
            continue
        if again is not ours:
            bad.append(f"{k}: ngio {ours[k]!r} then {again.get(k)!r}, "
                       f"nvme-cli {theirs[k]!r} in between")
        else:
            bad.append(f"{k}: ngio {ours[k]!r} nvme-cli {theirs[k]!r}")
    # Same order for the keys both print.
    if [k for k in theirs if k in ours] != common:
        bad.append("key order differs from nvme-cli")
    only = sorted(set(theirs) - set(ours))
    if only:
        bad.append(f"keys only nvme-cli prints: {only}")
    for exp in args:
        k, v = exp.split("=", 1)
        got = ours.get(k)
        if str(got).strip() != v:
            bad.append(f"{k}: {got!r}, want {v!r}")
    for b in bad:
        print(b)
    print(f"{len(common)} keys compared")
    return 1 if bad else 0


sys.exit(main())
