#!/usr/bin/env python3
"""Mutation scores from PIT's XML report (core/target/pit-reports/mutations.xml by default).

    python3 tools/pit_scores.py [mutations.xml] [--classes] [--survivors PREFIX] [--min-class N]

Prints the score per package (and over all), and with --classes per class (inner classes such as
Parallel$Worker on their own line). Score = (KILLED + TIMED_OUT) / all mutants, as in issue 16; the other
columns say what the rest were. --survivors PREFIX lists the SURVIVED and NO_COVERAGE mutants of the classes
whose name starts with PREFIX (e.g. lrnn.kernel.Kernels), one per line: class, method, line, mutator, text.
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

DETECTED = {"KILLED", "TIMED_OUT"}


def load(path):
    rows = []
    for m in ET.parse(path).getroot().iter("mutation"):
        rows.append({
            "status": m.get("status"),
            "cls": m.findtext("mutatedClass"),
            "method": m.findtext("mutatedMethod"),
            "line": m.findtext("lineNumber"),
            "mutator": (m.findtext("mutator") or "").rsplit(".", 1)[-1],
            "desc": m.findtext("description"),
        })
    return rows


def table(groups, title):
    print(f"{title:<44} {'mutants':>7} {'killed':>7} {'t/o':>5} {'surv':>5} {'nocov':>5} {'other':>5} {'score':>7}")
    for key in sorted(groups):
        g = groups[key]
        n = len(g)
        c = defaultdict(int)
        for r in g:
            c[r["status"]] += 1
        other = n - c["KILLED"] - c["TIMED_OUT"] - c["SURVIVED"] - c["NO_COVERAGE"]
        score = 100.0 * (c["KILLED"] + c["TIMED_OUT"]) / n if n else float("nan")
        print(f"{key:<44} {n:>7} {c['KILLED']:>7} {c['TIMED_OUT']:>5} {c['SURVIVED']:>5} {c['NO_COVERAGE']:>5} {other:>5} {score:>6.1f}%")


def main(argv):
    path = "core/target/pit-reports/mutations.xml"
    classes = False
    survivors = None
    min_class = 0
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--classes":
            classes = True
        elif a == "--survivors":
            survivors = args.pop(0)
        elif a == "--min-class":
            min_class = int(args.pop(0))
        else:
            path = a
    rows = load(path)
    by_pkg = defaultdict(list)
    for r in rows:
        by_pkg[r["cls"].rsplit(".", 1)[0]].append(r)
    by_pkg["(all)"] = rows
    table(by_pkg, "package")
    if classes:
        by_cls = defaultdict(list)
        for r in rows:
            by_cls[r["cls"]].append(r)
        by_cls = {k: v for k, v in by_cls.items() if len(v) >= min_class}
        print()
        table(by_cls, "class")
    if survivors:
        print()
        for r in sorted(rows, key=lambda r: (r["cls"], int(r["line"] or 0))):
            if r["cls"].startswith(survivors) and r["status"] in ("SURVIVED", "NO_COVERAGE"):
                print(f"{r['status']:<11} {r['cls']}.{r['method']}:{r['line']} {r['mutator']}: {r['desc']}")


if __name__ == "__main__":
    main(sys.argv[1:])
