#!/usr/bin/env python3
"""docs/performance.md says what the committed measurements say: every table on the page
that bench/report.py prints (same header row) must be exactly report.py's table on the
committed raw samples (bench/results/*.json), and the instruction table must be exactly
bench/instructions-baseline.txt's. Run by ctest (bench_performance_doc_matches_results),
so regenerating the results without the page, or editing a number by hand, fails.

usage: bench/check_performance_doc.py [docs/performance.md]
"""
import contextlib
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report  # noqa: E402


def tables(text):
    """Every markdown table (consecutive lines starting with '|'), as a list of lines."""
    out, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line.rstrip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def main():
    doc_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "docs", "performance.md")
    doc = open(doc_path).read()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        sys.argv = ["report.py"]
        report.main()
    generated = tables(buffer.getvalue())
    by_header = {}
    for t in generated:
        by_header.setdefault(t[0], []).append(t)
    failures, checked = [], 0
    for t in tables(doc):
        if t[0] not in by_header:
            continue  # a hand-written table (decoders, flags): not report.py's
        checked += 1
        if t not in by_header[t[0]]:
            failures.append("a table differs from report.py's output:\n  " + "\n  ".join(t[:4]) + "\n  ...")
    baseline = [l for l in open(os.path.join(HERE, "instructions-baseline.txt")).read().splitlines()
                if not l.startswith("#")]
    if "\n".join(baseline) not in doc:
        failures.append("the instruction table is not bench/instructions-baseline.txt's")
    # The page shows the typical, large, small and conversation tables, the peer goals and
    # g++ / clang, and each compiler's figures: a page that dropped them must fail too.
    if checked < 8:
        failures.append(f"only {checked} of the page's tables are report.py's (expected at least 8)")
    for f in failures:
        print("FAIL " + f)
    print(f"check_performance_doc: {checked} tables compared with report.py, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
