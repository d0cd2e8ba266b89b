#!/usr/bin/env python3
"""The instruction-count regression guard: compares a table from bench/instructions.sh
with the committed baseline (bench/instructions-baseline.txt) and fails when any payload's
oncehub count grew more than the tolerance (3 %).

usage: bench/check_instructions.py BASELINE MEASURED [--tolerance PERCENT] [--compiler TEXT]

Both files hold instructions.sh's table (`payload oncehub handwritten stage1 ...`); lines
starting with `#` are comments (the baseline records its machine, compiler and flags there,
`# compiler: ...`). callgrind counts repeat exactly for the same binary, so any growth is
the code's, not noise; 3 % leaves room for a compiler's inlining shifting a few hundred
instructions. A payload missing from the measured table, or a compiler other than the
baseline's, fails too: a guard that cannot compare must not pass. Exit status: 0 held,
1 grew (or could not compare), 2 usage or unreadable input. Standard library only.
"""
import argparse
import sys

COLUMNS = ["oncehub", "handwritten", "stage1"]


def read_table(path):
    """{payload: {decoder: count}} and {comment key: value} from an instructions.sh table."""
    rows, meta = {}, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                key, sep, value = line[1:].partition(":")
                if sep:
                    meta[key.strip()] = value.strip()
                continue
            fields = line.split()
            if fields[0] == "payload":
                continue
            if len(fields) < 1 + len(COLUMNS):
                raise ValueError(f"{path}: not an instructions.sh row: {line!r}")
            rows[fields[0]] = {c: int(fields[1 + i].replace(",", "")) for i, c in enumerate(COLUMNS)}
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows, meta


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline")
    parser.add_argument("measured")
    parser.add_argument("--tolerance", type=float, default=3.0, help="allowed growth in percent (3)")
    parser.add_argument("--compiler", help="the measured build's compiler, checked against the baseline's")
    args = parser.parse_args(argv)
    try:
        base, meta = read_table(args.baseline)
        measured, _ = read_table(args.measured)
    except (OSError, ValueError) as e:
        print(f"instruction guard: {e}", file=sys.stderr)
        return 2

    problems = []
    expected = meta.get("compiler")
    if args.compiler and expected and args.compiler != expected:
        problems.append(f"the baseline was measured with {expected!r}, this build uses {args.compiler!r}: "
                        "its counts are not comparable (measure with the baseline's compiler, or re-baseline)")
    print(f"{'payload':<14} {'decoder':<12} {'baseline':>10} {'measured':>10} {'change':>8}")
    for payload in sorted(base):
        for decoder in COLUMNS:
            b = base[payload][decoder]
            m = measured.get(payload, {}).get(decoder)
            if m is None:
                print(f"{payload:<14} {decoder:<12} {b:>10,} {'missing':>10} {'':>8}")
                if decoder == "oncehub":
                    problems.append(f"{payload}: no oncehub count measured")
                continue
            change = (m - b) / b * 100
            mark = ""
            if decoder == "oncehub" and change > args.tolerance:
                mark = f"  GREW more than {args.tolerance:g}%"
                problems.append(f"{payload}: oncehub {b:,} -> {m:,} instructions per document ({change:+.2f}%)")
            if decoder == "oncehub" and change < -args.tolerance:
                mark = "  shrank: re-baseline (--update) to keep the gain"
            print(f"{payload:<14} {decoder:<12} {b:>10,} {m:>10,} {change:>+7.2f}%{mark}")
    for payload in sorted(set(measured) - set(base)):
        print(f"{payload:<14} (not in the baseline: unchecked; add it with bench/instruction_guard.sh --update)")
    if problems:
        print("instruction guard FAILED:\n  " + "\n  ".join(problems))
        print("If the growth is wanted, say why in the commit and re-baseline: bench/instruction_guard.sh BUILD_DIR --update")
        return 1
    print(f"instruction guard: no payload's oncehub count grew more than {args.tolerance:g}% "
          f"over the baseline ({meta.get('compiler', 'compiler not recorded')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
