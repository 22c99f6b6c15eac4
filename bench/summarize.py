#!/usr/bin/env python3
"""Turns one gateway.sh run (results.jsonl + side files) into a markdown summary with the targets."""
import json, os, re, sys

results_path, out = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(results_path) if l.strip()]
by = {r["Label"]: r for r in rows}

def read(name, default=""):
    p = os.path.join(out, name)
    return open(p).read().strip() if os.path.exists(p) else default

def kb(text):
    m = re.search(r"(\d+) kB", text)
    return int(m.group(1)) / 1024 if m else float("nan")

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(f"Machine: {os.cpu_count()} cores ({cpu}), {mem / 1024:.1f} GiB RAM; driver, mock, gateway and PostgreSQL share it.")
print(f"Load before: `{read('load-before.txt')}`; after: `{read('load-after.txt')}` (other sessions' builds and tests count in it).\n")

def hist(text, name):
    buckets = [(m.group(1), int(m.group(2))) for m in re.finditer(name + r'_bucket\{[^}]*le="([^"]+)"\} (\d+)', text)]
    c = re.search(name + r'_count(?:\{[^}]*\})? (\d+)', text); t = re.search(name + r'_sum(?:\{[^}]*\})? ([\d.eE+-]+)', text)
    return buckets, int(c.group(1)) if c else 0, float(t.group(1)) if t else 0.0

def phase(before, after, name):
    b0, c0, s0 = hist(before, name); b1, c1, s1 = hist(after, name)
    n = c1 - c0
    if n <= 0: return "n/a"
    prev = dict(b0)
    med = next((le for le, x1 in b1 if x1 - prev.get(le, 0) >= n / 2), "?")
    med = f"{float(med) * 1000:g}" if med not in ("?", "+Inf") else med  # the histograms are in seconds
    return f"mean {(s1 - s0) * 1000 / n:.3f} ms, median <= {med} ms ({n} requests)"

print("| scenario | target | req/s | p50 ms | p99 ms | added p50 | added p99 | non-200 |")
print("|---|---|---:|---:|---:|---:|---:|---|")
def line(name, target):
    r = by.get(name)
    if not r: return
    kind, scen = name.split(" ", 1)
    d = by.get("direct " + scen) if kind != "direct" else None
    add50 = f"{r['P50Ms'] - d['P50Ms']:.3f}" if d else ""
    add99 = f"{r['P99Ms'] - d['P99Ms']:.3f}" if d else ""
    bad = {k: v for k, v in r["Statuses"].items() if k != "200"}
    if r["Dropped"]: bad["dropped"] = r["Dropped"]
    if r.get("Late"): bad["late"] = r["Late"]  # fixed-rate sends more than 1 ms behind their slot (wrk)
    print(f"| {name} | {r['Rate'] or ''} | {r['Throughput']:.0f} | {r['P50Ms']:.3f} | {r['P99Ms']:.3f} | {add50} | {add99} | {bad or ''} |")

scenarios = ["c=1"] + [f"rate={x}" for x in (100, 1000, 2000, 5000)] + ["sat c=16", "sat c=64", "sat c=256"]
for s in scenarios:
    for kind in ("direct", "gateway", "portkey"):
        line(f"{kind} {s}", "")

def best(kind):
    sats = [by[k] for k in by if k.startswith(kind + " sat")]
    return max(sats, key=lambda r: r["Throughput"]) if sats else None

gw, pk, d = best("gateway"), best("portkey"), best("direct")
print()
hwm = kb(read("hwm.txt"))
m0, m1 = read("metrics-before-c1.txt"), read("metrics-after-c1.txt")
if m0 and m1:
    print(f"- Where the time goes at 1 connection (gateway /metrics): admission {phase(m0, m1, 'ledger_admission_duration_seconds')}; "
          f"upstream call only {phase(m0, m1, 'ledger_upstream_duration_seconds')}")
print(f"- Gateway peak RSS (VmHWM): {hwm:.0f} MiB" + (f"; Portkey: {kb(read('portkey-hwm.txt')):.0f} MiB" if read('portkey-hwm.txt') else ""))
print(f"- PostgreSQL during saturation: {read('pg.txt').replace(chr(10), '; ')}")
checks = []
def target(name, ok, detail):
    checks.append(ok)
    print(f"- [{'met' if ok else 'MISSED'}] {name}: {detail}")
if gw:
    target(">= 5,000 req/s with the full ledger", gw["Throughput"] >= 5000, f"{gw['Throughput']:.0f} req/s ({gw['Label']}; the mock alone: {d['Throughput']:.0f})" if d else f"{gw['Throughput']:.0f}")
g1, d1 = by.get("gateway c=1"), by.get("direct c=1")
if g1 and d1:
    target("added p50 <= 1 ms at 1 connection", g1["P50Ms"] - d1["P50Ms"] <= 1, f"{g1['P50Ms'] - d1['P50Ms']:.3f} ms ({g1['P50Ms']:.3f} vs {d1['P50Ms']:.3f} direct)")
g2, d2 = by.get("gateway rate=2000"), by.get("direct rate=2000")
if g2 and d2:
    target("added p99 <= 10 ms at 2,000 req/s", g2["P99Ms"] - d2["P99Ms"] <= 10 and g2["Ok"] == g2["Sent"],
           f"{g2['P99Ms'] - d2['P99Ms']:.3f} ms ({g2['P99Ms']:.3f} vs {d2['P99Ms']:.3f} direct)")
if gw and pk:
    target(">= 5x Portkey's throughput", gw["Throughput"] >= 5 * pk["Throughput"],
           f"{gw['Throughput']:.0f} / {pk['Throughput']:.0f} = {gw['Throughput'] / pk['Throughput']:.2f}x")
    p1 = by.get("portkey c=1")
    if p1 and g1 and d1:
        print(f"- Added p50 at 1 connection: Ledger {g1['P50Ms'] - d1['P50Ms']:.3f} ms, Portkey {p1['P50Ms'] - d1['P50Ms']:.3f} ms "
              f"(ratio {(p1['P50Ms'] - d1['P50Ms']) / max(1e-9, g1['P50Ms'] - d1['P50Ms']):.2f})")
print()
print("Ledger check:\n```\n" + read("ledger-check.txt") + "\n```")
