#!/usr/bin/env python3
"""Turns oncehub_webhooks_bench JSON output into the README's tables and an SVG chart.

usage: bench/report.py [RESULT.json ...] [--svg bench/ratios.svg] [--label gcc ...] [--time cpu|real]

With no RESULT, the committed raw output of both compilers is read:
bench/results/gcc-12.json and bench/results/clang-14.json (bench/run_compilers.sh writes
them). Each RESULT.json comes from one run (`--benchmark_format=json`, ideally with
`--benchmark_repetitions=N`); ratios are only computed within a run, because absolute
times on shared VMs drift between runs. Times are CPU time by default: on a VM shared by
several builds, wall time also counts the time other processes held the vCPU. With two or
more results it also prints each payload's time ratio between the first two (g++ / clang).
Only the Python standard library is used.
"""
import os
import argparse
import json
import math
import statistics
import sys
from collections import defaultdict

DECODERS = ["oncehub", "handwritten", "stage1", "simdjson_dom", "rapidjson_insitu", "rapidjson",
            "boost_json", "nlohmann", "validate_utf8", "memcpy"]


HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RESULTS = [os.path.join(HERE, "results", "gcc-12.json"), os.path.join(HERE, "results", "clang-14.json")]
TIME = "cpu_time"


def load(path):
    with open(path) as f:
        doc = json.load(f)
    samples = defaultdict(list)
    for b in doc["benchmarks"]:
        if b.get("run_type") == "aggregate" or "error_occurred" in b and b["error_occurred"]:
            continue
        name = b.get("run_name", b["name"])
        scale = {"ns": 1, "us": 1e3, "ms": 1e6}[b.get("time_unit", "ns")]
        samples[name].append(b[TIME] * scale)
    return doc.get("context", {}), samples


def summary(samples):
    return {name: (statistics.median(v), min(v), max(v)) for name, v in samples.items()}


def table(stats, payload):
    rows = []
    ours = stats.get(f"decode/{payload}/oncehub")
    hand = stats.get(f"decode/{payload}/handwritten")
    stage1 = stats.get(f"decode/{payload}/stage1")
    rows.append("| decoder | median ns | min..max | x oncehub | x handwritten | x stage1 |")
    rows.append("|---|---:|---:|---:|---:|---:|")
    for d in DECODERS:
        s = stats.get(f"decode/{payload}/{d}")
        if not s:
            continue
        med, lo, hi = s
        rows.append(f"| {d} | {med:,.0f} | {lo:,.0f}..{hi:,.0f} | {med / ours[0]:.2f} | "
                    f"{med / hand[0]:.2f} | {med / stage1[0]:.2f} |")
    return "\n".join(rows)


def targets(stats):
    """The issue's targets, checked on the typical payload."""
    def t(name):
        return stats[name][0] if name in stats else float("nan")
    ours = t("decode/typical/oncehub")
    lines = []
    checks = [
        ("oncehub <= 1.0x handwritten", ours / t("decode/typical/handwritten"), 1.0),
        ("oncehub <= 3.5x stage1", ours / t("decode/typical/stage1"), 3.5),
        ("shuffled <= 1.2x in order", t("decode/typical_shuffled/oncehub") / ours, 1.2),
        ("pretty <= 1.2x compact", t("decode/typical_pretty/oncehub") / ours, 1.2),
    ]
    # Issue 16, goal 3: the peers' time over oncehub's, on every payload.
    for p in ["small", "typical", "large", "conversation"]:
        ours_p = t(f"decode/{p}/oncehub")
        for peer, bound in PEER_GOALS:
            checks.append((f"{p}: {peer} >= {bound:g}x oncehub", t(f"decode/{p}/{peer}") / ours_p, -bound))
    for p in ["small", "typical", "large", "conversation"]:
        e2e = t(f"e2e/{p}/verify_decode_dispatch")
        parts = t(f"e2e/{p}/hmac") + t(f"e2e/{p}/decode")
        checks.append((f"e2e {p}: verify+decode+dispatch <= 1.1x (hmac + decode)", e2e / parts, 1.1))
    for label, value, bound in checks:
        ok = value <= bound if bound > 0 else value >= -bound
        lines.append(f"| {label} | {value:.2f} | {'met' if ok else 'MISSED'} |")
    return "| target | measured | |\n|---|---:|---|\n" + "\n".join(lines)


PEER_GOALS = [("simdjson_dom", 3.0), ("rapidjson_insitu", 4.0), ("boost_json", 5.0), ("nlohmann", 20.0)]


def compilers(runs):
    """Each payload's time ratio between the first two runs (g++ / clang), per decoder."""
    (a, sa), (b, sb) = runs[0], runs[1]
    # Issue 16 goal 2: g++ at most 1.2x clang on the same payload.
    rows = [f"| payload | oncehub {a} ns | oncehub {b} ns | oncehub {a} / {b} (goal <= 1.2) | handwritten {a} / {b} | stage1 {a} / {b} |",
            "|---|---:|---:|---:|---:|---:|"]
    for p in ["small", "typical", "large", "conversation", "typical_shuffled", "typical_pretty", "typical_cold"]:
        def ratio(d):
            x, y = sa.get(f"decode/{p}/{d}"), sb.get(f"decode/{p}/{d}")
            return f"{x[0] / y[0]:.2f}" if x and y else "-"
        x, y = sa.get(f"decode/{p}/oncehub"), sb.get(f"decode/{p}/oncehub")
        if not (x and y):
            continue
        rows.append(f"| {p} | {x[0]:,.0f} | {y[0]:,.0f} | {ratio('oncehub')} | {ratio('handwritten')} | {ratio('stage1')} |")
    return "\n".join(rows)


def side_by_side(runs, payload):
    """One payload, every decoder, each run's median and ratio to oncehub in adjacent columns."""
    head = "| decoder | " + " | ".join(f"{label} ns | x oncehub" for label, _ in runs) + " |"
    rows = [head, "|---|" + "---:|---:|" * len(runs)]
    for d in DECODERS:
        cells, seen = [], False
        for _, stats in runs:
            s, ours = stats.get(f"decode/{payload}/{d}"), stats.get(f"decode/{payload}/oncehub")
            if s and ours:
                seen = True
                cells.append(f"{s[0]:,.0f} | {s[0] / ours[0]:.2f}")
            else:
                cells.append("- | -")
        if seen:
            rows.append(f"| {d} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def peers(runs):
    """Issue 16's peer goals, both compilers in one table: each peer's time over oncehub's."""
    head = "| payload | peer | goal | " + " | ".join(label for label, _ in runs) + " |"
    rows = [head, "|---|---|---:|" + "---:|" * len(runs)]
    for p in ["small", "typical", "large", "conversation"]:
        for peer, bound in PEER_GOALS:
            cells = []
            for _, stats in runs:
                ours, other = stats.get(f"decode/{p}/oncehub"), stats.get(f"decode/{p}/{peer}")
                if ours and other:
                    r = other[0] / ours[0]
                    cells.append(f"{r:.2f}x" + ("" if r >= bound else " (missed)"))
                else:
                    cells.append("-")
            rows.append(f"| {p} | {peer} | {bound:g}x | " + " | ".join(cells) + " |")
    return "\n".join(rows)


PAYLOAD_BYTES = {"small": 955, "typical": 1966, "large": 6247, "conversation": 1817}


def figures(stats):
    """The numbers the README's sentences quote, from the same medians as the tables."""
    def t(name):
        return stats[name][0] if name in stats else float("nan")
    ours = t("decode/typical/oncehub")
    lines = []
    for p, size in PAYLOAD_BYTES.items():
        ns = t(f"decode/{p}/oncehub")
        lines.append(f"| {p} ({size:,} B) | {ns:,.0f} ns | {size / ns:.2f} GB/s | {1e9 / ns / 1e3:,.0f}k events/s |")
    lines.append(f"| typical, input out of cache (typical_cold) | {t('decode/typical_cold/oncehub'):,.0f} ns | | |")
    out = "| oncehub | median | throughput | events |\n|---|---:|---:|---:|\n" + "\n".join(lines) + "\n\n"
    out += (f"- shuffled keys {t('decode/typical_shuffled/oncehub') / ours:.2f}x, "
            f"pretty-printed {t('decode/typical_pretty/oncehub') / ours:.2f}x the compact in-order time\n")
    out += (f"- handwritten {ours / t('decode/typical/handwritten'):.2f}x, "
            f"stage 1 {ours / t('decode/typical/stage1'):.1f}x below\n")
    for p in PAYLOAD_BYTES:
        hmac, dec, e2e = t(f"e2e/{p}/hmac"), t(f"e2e/{p}/decode"), t(f"e2e/{p}/verify_decode_dispatch")
        out += (f"- e2e {p}: hmac {hmac:,.0f} ns, decode {dec:,.0f} ns, verify + decode + dispatch {e2e:,.0f} ns "
                f"({e2e / (hmac + dec):.2f}x the sum)\n")
    return out


def svg(runs, payload, path):
    """Horizontal bars: each decoder's time relative to oncehub (log scale), per run."""
    width, left, bar, gap = 900, 150, 14, 6
    colors = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1"]
    decoders = [d for d in DECODERS if any(f"decode/{payload}/{d}" in s for _, s in runs)]
    height = 60 + len(decoders) * (len(runs) * bar + gap) + 30
    lo, hi = math.log10(0.005), math.log10(60)
    x = lambda r: left + (math.log10(max(r, 0.005)) - lo) / (hi - lo) * (width - left - 70)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="10" y="20" font-size="14">Time per {payload} delivery relative to oncehub, per compiler (bench/results, {TIME.replace("_", " ")}; log scale; lower is faster)</text>']
    for tick in [0.01, 0.1, 0.3, 1, 3, 10, 30]:
        out.append(f'<line x1="{x(tick):.1f}" y1="32" x2="{x(tick):.1f}" y2="{height - 25}" stroke="#ddd"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" fill="#555">{tick:g}x</text>')
    y = 45
    for d in decoders:
        out.append(f'<text x="{left - 8}" y="{y + len(runs) * bar / 2 + 4:.1f}" text-anchor="end">{d}</text>')
        for i, (label, stats) in enumerate(runs):
            s, ours = stats.get(f"decode/{payload}/{d}"), stats.get(f"decode/{payload}/oncehub")
            if s and ours:
                r = s[0] / ours[0]
                out.append(f'<rect x="{left}" y="{y}" width="{x(r) - left:.1f}" height="{bar - 2}" fill="{colors[i % 4]}"/>')
                out.append(f'<text x="{x(r) + 4:.1f}" y="{y + bar - 4}" fill="#333">{r:.2f}x ({s[0]:,.0f} ns, {label})</text>')
            y += bar
        y += gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="*", help="default: bench/results/gcc-12.json clang-14.json")
    parser.add_argument("--label", action="append", default=[])
    parser.add_argument("--svg")
    parser.add_argument("--time", choices=["cpu", "real"], default="cpu")
    args = parser.parse_args()
    global TIME
    TIME = f"{args.time}_time"
    args.results = args.results or DEFAULT_RESULTS
    runs = []
    for i, path in enumerate(args.results):
        context, samples = load(path)
        label = args.label[i] if i < len(args.label) else os.path.splitext(os.path.basename(path))[0]
        stats = summary(samples)
        runs.append((label, stats))
        print(f"## {label}\n")
        print(f"Machine: {context.get('cpu_model', '?')}, {context.get('num_cpus')} vCPU at {context.get('mhz_per_cpu')} MHz, "
              f"kernel {context.get('kernel', '?')}; run {context.get('date', '?')}, "
              f"{context.get('method', '?')}; {TIME.replace('_', ' ')} medians. "
              f"Compiler and flags: {context.get('cxx_flags')}. simdjson: stage 1 and unescaping run "
              f"{context.get('simdjson_active_implementation')} from libsimdjson.so; the inlined On-Demand "
              f"code is {context.get('simdjson_builtin_implementation')}.\n")
        for payload in ["typical", "large", "small", "conversation"]:
            if f"decode/{payload}/oncehub" in stats:
                print(f"### {payload}\n\n{table(stats, payload)}\n")
        print(f"### targets\n\n{targets(stats)}\n")
        print(f"### figures quoted in the README\n\n{figures(stats)}")
    if len(runs) >= 2:
        for payload in ["typical", "large", "small", "conversation"]:
            print(f"## {payload}, both compilers (median ns, time / oncehub's)\n\n{side_by_side(runs, payload)}\n")
        print(f"## peers, both compilers (issue 16 goal 3: time of the peer / time of oncehub)\n\n{peers(runs)}\n")
        print(f"## {runs[0][0]} / {runs[1][0]} time per payload\n\n{compilers(runs)}\n")
    if args.svg:
        svg(runs, "typical", args.svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
