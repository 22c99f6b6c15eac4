"""Share of both cores per process group, from `perf script -F pid` on stdin.

usage: perf script -F pid | python3 cpu_split.py PS_SNAPSHOT PG_BACKENDS REQUESTS_PER_S
PS_SNAPSHOT: `ps -eo pid,args` taken during the run; PG_BACKENDS: `pid|application_name` rows.
"""
import collections
import os
import sys

ps_file, pg_file, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
args = {}
for line in open(ps_file):
    parts = line.strip().split(None, 1)
    if len(parts) == 2 and parts[0].isdigit():
        args[parts[0]] = parts[1]
apps = dict(line.strip().split("|", 1) for line in open(pg_file) if "|" in line)


def group(pid):
    if pid == "0":
        return "idle"
    a = args.get(pid, "")
    if "Ledger.dll" in a:
        return "gateway (.NET)"
    if "Ledger.Bench.dll mock" in a:
        return "mock upstream"
    if "Ledger.Bench.dll load" in a:
        return "load driver (.NET)"
    if a.startswith("wrk "):
        return "load driver (wrk)"
    if a.startswith("postgres:"):
        if apps.get(pid, "").startswith("ledger-daemon"):
            return "PostgreSQL: projection daemon backends"
        if "postgres postgres" in a:
            return "PostgreSQL: request path and other client backends"
        return "PostgreSQL: walwriter, checkpointer, other background"
    return "other"


samples = collections.Counter(group(l.strip()) for l in sys.stdin if l.strip())
total = sum(samples.values())
cores = os.cpu_count() or 1
print(f"CPU during gateway sat c=64 ({total} samples over {cores} cores, {rate:.0f} req/s):")
for name, n in samples.most_common():
    share = n / total
    per_request = share * cores * 1000 / rate if name != "idle" and rate > 0 else None
    print(f"  {share * 100:5.1f} %  {name}" + (f"  ({per_request:.3f} ms CPU per request)" if per_request else ""))
