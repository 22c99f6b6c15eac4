#!/usr/bin/env python3
"""Load with wrk and bench/wrk/chat.lua, reported like `Ledger.Bench load`.

usage: wrk_load.py --label L --url URL --keys FILE --connections N --seconds S --out RESULTS
                   [--rate R] [--header 'Name: value']... [--timeout 10] [--log FILE]

Closed loop by default (each connection sends its next request when the answer is in); with --rate,
an open loop of R requests/s on a fixed schedule over the connections (chat.lua's delay()).

Appends one JSON line with the .NET driver's fields to RESULTS and prints its human line. wrk costs
the 2-core machine far less CPU per request than the .NET driver, which leaves it to the system
under test. Ok is the exact number of 200s; Errors counts requests sent but never answered, answers
later than --timeout (wrk also leaves those out of its latency figures) and failed connects.
"""
import argparse, json, math, os, resource, signal, subprocess, sys, tempfile, threading

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk", "chat.lua")

p = argparse.ArgumentParser()
p.add_argument("--label", required=True)
p.add_argument("--url", required=True)
p.add_argument("--keys", required=True)
p.add_argument("--connections", type=int, required=True)
p.add_argument("--seconds", type=float, required=True)
p.add_argument("--out", required=True)
p.add_argument("--header", action="append", default=[])
p.add_argument("--timeout", type=int, default=10)
p.add_argument("--log", help="append wrk's own report here")
p.add_argument("--rate", type=float, help="requests/s on a fixed schedule (open loop); omit for a closed loop")
a = p.parse_args()

# one thread per core; wrk splits connections evenly over threads, so an odd count gets one thread
threads = 2 if a.connections % 2 == 0 else 1
# the script stops sending after --seconds and waits for its answers; -d only bounds that wait
cap = math.ceil(a.seconds) + a.timeout
cmd = ["wrk", "-t", str(threads), "-c", str(a.connections), "-d", f"{cap}s", "--timeout", f"{a.timeout}s", "-s", LUA]
for h in a.header:
    cmd += ["-H", h]
cmd += [a.url, "--", a.keys, str(a.seconds), str(a.connections)]

env = dict(os.environ)
if a.rate:
    env["CHAT_RATE"] = repr(a.rate / threads)  # each thread keeps its own schedule
    env["CHAT_THREADS"] = str(threads)
with tempfile.TemporaryFile("w+") as out:
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
    watchdog = threading.Timer(cap + 30, proc.kill)  # wrk ends by itself at -d; this is if it does not
    watchdog.start()
    drained, other = 0, []
    for line in proc.stderr:
        if line.strip() == "drained":
            drained += 1
            if drained == threads:
                proc.send_signal(signal.SIGINT)  # every answer is in: end wrk now, not at -d
        else:
            other.append(line)
    rc = proc.wait()
    watchdog.cancel()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk is the only child
    cpu = usage.ru_utime + usage.ru_stime
    out.seek(0)
    report = out.read()

if a.log:
    with open(a.log, "a") as f:
        f.write(f"== {a.label}: {' '.join(cmd)}\n{report}{''.join(other)}wrk CPU: {cpu:.2f} s\n\n")
found = [l.split(" ", 1)[1] for l in report.splitlines() if l.startswith("wrk-result ")]
if rc != 0 or not found:
    sys.exit(f"wrk failed for {a.label} (exit {rc}):\n{report}{''.join(other)}")
w = json.loads(found[0])
# closed loop: chat.lua takes wrk's coordinated-omission samples back out; what is left must be one
# sample per answer within --timeout, or the figures are not the measured latencies (a fixed rate
# keeps the correction, so it holds at least one per answer)
if not a.rate and w["samples"] != w["answered"] - w["errors"]["timeout"]:
    print(f"warning: {a.label}: wrk's latency histogram holds {w['samples']} samples for {w['answered']} answers; "
          "its percentiles are not the measured latencies (another wrk version?)", file=sys.stderr)

statuses = dict(w["statuses"])
unanswered = w["sent"] - w["answered"]
e = w["errors"]
for name, n in (("unanswered", unanswered), ("timeout", e["timeout"]), ("connect", e["connect"]),
                ("read", e["read"]), ("write", e["write"])):
    if n:
        statuses["error:" + name] = n
seconds = w["seconds"]
lat = w["latency_us"]
ms = lambda us: round(us / 1000, 3) if w["answered"] else float("nan")
# fixed rate: slots of the schedule never sent (the rate was not reached) are the .NET driver's "dropped"
dropped = max(0, round(a.rate * a.seconds) - w["sent"]) if a.rate else 0
result = {
    "Label": a.label, "Mode": "open" if a.rate else "closed", "Connections": a.connections, "Rate": (int(a.rate) if a.rate.is_integer() else a.rate) if a.rate else None,
    "Seconds": round(seconds, 3), "Sent": w["sent"], "Ok": statuses.get("200", 0),
    "Errors": unanswered + e["timeout"] + e["connect"], "Dropped": dropped, "Late": w["late"],
    "Statuses": dict(sorted(statuses.items())),
    "Throughput": round(w["answered"] / seconds, 1) if seconds > 0 else 0.0,
    "P50Ms": ms(lat["p50"]), "P90Ms": ms(lat["p90"]), "P99Ms": ms(lat["p99"]), "P999Ms": ms(lat["p999"]), "MaxMs": ms(lat["max"]),
}
with open(a.out, "a") as f:
    f.write(json.dumps(result) + "\n")

r = result
bad = r["Statuses"].keys() != {"200"}
rate = f"rate={a.rate:6.0f}" if a.rate else ""
print(f"{r['Label']:<34} {r['Mode']:<6} c={r['Connections']:<4} {rate:10} sent={r['Sent']:<8} ok={r['Ok']:<8} "
      f"err={r['Errors']} drop={dropped} late={r['Late']} {r['Throughput']:8.0f} req/s  p50={r['P50Ms']:.3f} p90={r['P90Ms']:.3f} "
      f"p99={r['P99Ms']:.3f} p99.9={r['P999Ms']:.3f} max={r['MaxMs']:.1f} ms  (wrk: {cpu * 1000 / max(1, w['answered']):.3f} ms CPU per request)"
      + ("  statuses=" + ",".join(f"{k}:{v}" for k, v in r["Statuses"].items()) if bad else ""))
