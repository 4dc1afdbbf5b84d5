#!/usr/bin/env python3
"""Check ngio bench's JSON against the field tables in docs/performance.md.

The tables sit between "<!-- fields:KIND -->" and "<!-- end -->"; each row
starts with a JSON pointer in backticks, "[]" standing for every element
of an array.  Every documented field must be present (null allowed) and
every field present must be documented.  Prints one TAP line.

usage: bench-fields.py DOC KIND JSON LABEL
"""
import json
import re
import sys


def documented(doc, kind):
    text = open(doc).read()
    m = re.search(r"<!-- fields:%s -->(.*?)<!-- end -->" % re.escape(kind),
                  text, re.S)
    if not m:
        return None
    return re.findall(r"^\|\s*`(/[^`]*)`", m.group(1), re.M)


def leaves(node, path=""):
    """Every pointer to a non-container value (or empty container)."""
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, path + "/" + k)
    elif isinstance(node, list) and node:
        for v in node:
            yield from leaves(v, path + "[]")
    else:
        yield path


def expand(doc, kind, data):
    """The exact leaves the tables promise for this document."""
    res = documented(doc, "result")
    single = documented(doc, "single")
    rows = documented(doc, kind)
    out = []
    for f in rows:
        if kind == "single" and f == "/result":
            out += [f + r for r in res]
        elif kind == "single" and f == "/runs":
            out += [f + "[]" + r for r in res] if data.get("runs") else [f]
        elif kind == "single" and f == "/fio":
            out += ([f + "/result" + r for r in res] +
                    [f + "/runs[]" + r for r in res]) if data.get("fio") \
                else [f]
        elif kind == "matrix" and f == "/job":
            out += [j for j in single if j.startswith("/job/")]
        elif kind == "matrix" and f == "/cells[]/ngio/runs":
            out += [f + "[]" + r for r in res]
        elif kind == "matrix" and f == "/cells[]/fio":
            fio = data["cells"][0].get("fio") if data.get("cells") else None
            out += ([f + "/iops"] + [f + "/runs[]" + r for r in res]) \
                if fio else [f]
        else:
            out.append(f)
    return out


def main():
    doc, kind, js, label = sys.argv[1:5]
    name = "bench JSON (%s)" % label
    if not documented(doc, kind) or not documented(doc, "result"):
        print("not ok - %s: no <!-- fields:%s --> table in %s"
              % (name, kind, doc))
        return 0
    try:
        data = json.load(open(js))
    except (OSError, ValueError) as e:
        print("not ok - %s: %s" % (name, e))
        return 0
    want = set(expand(doc, kind, data))
    have = set(leaves(data))
    missing = sorted(want - have)
    extra = sorted(have - want)
    if missing or extra:
        print("not ok - %s: missing %s; undocumented %s"
              % (name, missing or "none", extra or "none"))
    else:
        print("ok - %s: the %d documented fields, no others"
              % (name, len(want)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
