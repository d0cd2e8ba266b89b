#!/usr/bin/env python3
"""Tests of the instruction guard's checker (bench/check_instructions.py), run by ctest:
fake measured tables made from the committed baseline, each grown or cut in one place,
must pass or fail as the rule says (oncehub may grow at most 3 % on any payload).

usage: bench/check_instructions_test.py [BASELINE]   (default: bench/instructions-baseline.txt)
"""
import contextlib
import io
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_instructions  # noqa: E402


def write_table(path, rows):
    with open(path, "w") as f:
        f.write("payload oncehub handwritten stage1 x_hand x_stage1\n")
        for payload, counts in rows.items():
            f.write(f"{payload} {counts['oncehub']} {counts['handwritten']} {counts['stage1']} 1.0 1.0\n")


def run(baseline, rows, *extra):
    """The checker's exit status and output on a measured table made of `rows`."""
    with tempfile.TemporaryDirectory() as tmp:
        measured = os.path.join(tmp, "measured.txt")
        write_table(measured, rows)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = check_instructions.main([baseline, measured, *extra])
        return status, out.getvalue()


def main():
    baseline = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "instructions-baseline.txt")
    base, meta = check_instructions.read_table(baseline)
    failures = []

    def expect(name, status, output, want_status, want_text=None):
        if status != want_status or (want_text and want_text not in output):
            failures.append(f"{name}: exit {status} (want {want_status}), output:\n{output}")

    def grown(payload, decoder, factor):
        rows = {p: dict(c) for p, c in base.items()}
        rows[payload][decoder] = int(rows[payload][decoder] * factor)
        return rows

    expect("baseline against itself", *run(baseline, base), 0)
    for payload in base:  # every payload is guarded, each one on its own
        status, out = run(baseline, grown(payload, "oncehub", 1.035))
        expect(f"{payload} oncehub +3.5%", status, out, 1, f"{payload}: oncehub")
        expect(f"{payload} oncehub +2.9%", *run(baseline, grown(payload, "oncehub", 1.029)), 0)
        expect(f"{payload} oncehub -20%", *run(baseline, grown(payload, "oncehub", 0.8)), 0)
        # The references are printed, not guarded: their code is not ours to regress.
        expect(f"{payload} handwritten +10%", *run(baseline, grown(payload, "handwritten", 1.1)), 0)
    first = sorted(base)[0]
    expect("a 2x growth", *run(baseline, grown(first, "oncehub", 2.0)), 1, "GREW")
    expect("--tolerance 150", *run(baseline, grown(first, "oncehub", 2.0), "--tolerance", "150"), 0)
    missing = {p: c for p, c in base.items() if p != first}
    expect("a payload not measured", *run(baseline, missing), 1, f"{first}: no oncehub count")
    if "compiler" in meta:
        expect("same compiler", *run(baseline, base, "--compiler", meta["compiler"]), 0)
        expect("another compiler", *run(baseline, base, "--compiler", "clang 14.0.6 Release: -O3"), 1, "not comparable")
    with tempfile.TemporaryDirectory() as tmp:
        garbage = os.path.join(tmp, "garbage.txt")
        with open(garbage, "w") as f:
            f.write("typical 12 x\n")
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = check_instructions.main([baseline, garbage])
        expect("a malformed table", status, out.getvalue(), 2)

    for f in failures:
        print("FAIL " + f)
    print(f"check_instructions_test: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
