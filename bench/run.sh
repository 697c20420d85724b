#!/usr/bin/env bash
# The whole benchmark suite in one table (issue 8). Usage: bash bench/run.sh [--quick] [--no-build]
#   flood        our client and discord.js 14 (bench/flood/run.sh), the full bot (bench/bot) against the emulator flood,
#                and 1-3 bot processes sharing 4 shards on Redis (bench/cluster; needs redis-server)
#   latency      cached-reply latency (emulator MESSAGE_CREATE written -> reply POST received), full bot
#   interactions slash commands at 100/s: INTERACTION_CREATE written -> initial response received (/help, cached /ask)
#   idle RSS     the bot process after READY with its cogs running
#   reload       !reload MessageHandler through the emulator (full bot) and the supervisor benchmark (bench/reload)
#   micro        BenchmarkDotNet ShortRun, in-process: rate-limit check, cache hit, MESSAGE_CREATE filter, splitting
# Everything runs on 127.0.0.1 and is started and stopped here; nothing is left running. Results in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "unknown option: $arg (use --quick, --no-build)" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$QUICK" = 1 ]; then
  INTERACTIONS=500; FLOOD=10000; FAST_MENTIONS=500; SLOW_MENTIONS=200; SLOW_WARMUP=40; RELOADS=20; RELOAD_TIMED=10; BDN_JOB="short --warmupCount 1 --iterationCount 3 --iterationTime 100"
else
  INTERACTIONS=3000; FLOOD=50000; FAST_MENTIONS=2000; SLOW_MENTIONS=2000; SLOW_WARMUP=200; RELOADS=200; RELOAD_TIMED=50; BDN_JOB="short"
fi
FAST_RATE=1000   # the issue's rate: far above the client's 50 requests/s global REST limit (Discord's own)
SLOW_RATE=40     # under that limit: what one mention costs when nothing queues

work=$(mktemp -d)
export BOTBENCH_PIDFILE="$work/bot.pids"   # bench/bot appends the pid of every bot process it starts
: >"$BOTBENCH_PIDFILE"
child=""
cleanup() {
  if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  while read -r pid; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && sleep 1 && kill -KILL "$pid" 2>/dev/null || true
  done <"$BOTBENCH_PIDFILE"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "[$(date +%H:%M:%S)] $*  (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }
run() { # name command... : runs in the background so a Ctrl+C / exit trap can stop it; output to $work/name
  local name=$1; shift
  cut -d' ' -f1-3 /proc/loadavg >"$work/$name.load"
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  child=$!
  if ! wait "$child"; then echo "  $name failed (see below)" >&2; tail -5 "$work/$name.err" >&2 || true; fi
  child=""
}

if [ "$BUILD" = 1 ]; then
  step "building (Release)"
  for project in Emulator/AndyAI.Emulator.csproj bench/flood/AndyAI.Discord.FloodBench.csproj bench/bot/AndyAI.BotBench.csproj \
                 bench/reload/AndyAI.ReloadBench.csproj bench/AndyAI.Benchmarks/AndyAI.Benchmarks.csproj bench/cluster/AndyAI.ClusterBench.csproj; do
    dotnet build "$project" -c Release -nologo -v:q >/dev/null
  done
  # The host and its cogs (Plugins/*/bin/Release); DeployCog=false leaves the repository's run/plugins/ folder alone.
  dotnet build Host/AndyAI.Host.csproj -c Release -nologo -v:q -p:DeployCog=false >/dev/null
  # The host as it ships (docs/scale-out.md): published for linux-x64, ReadyToRun.
  dotnet publish Host/AndyAI.Host.csproj -c Release -r linux-x64 --self-contained false -o artifacts/bench-host -nologo -v:q -p:DeployCog=false >/dev/null
fi
HOST=artifacts/bench-host/AndyAI.Host.dll
BOT="dotnet bench/bot/bin/Release/net10.0/AndyAI.BotBench.dll"
COMMON="host=$HOST cogs=Plugins"

step "flood: our client and discord.js ($FLOOD messages)"
run flood bash bench/flood/run.sh "$FLOOD" 1
step "flood: the full bot ($FLOOD messages)"
# Pinned like bench/flood: the harness and its emulator on CPU 0, the bot on CPU 1 (cpu=).
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  run botflood taskset -c 0 $BOT flood $COMMON count="$FLOOD" authors=1000 cpu=1
else
  run botflood $BOT flood $COMMON count="$FLOOD" authors=1000
fi
if command -v redis-server >/dev/null; then
  step "scale-out flood: 1, 2 and 3 processes over 4 shards on a real redis-server ($FLOOD messages each)"
  run clusterflood dotnet bench/cluster/bin/Release/net10.0/AndyAI.ClusterBench.dll $COMMON processes=1,2,3 count="$FLOOD"
fi
step "cached-reply latency at $FAST_RATE mentions/s ($FAST_MENTIONS mentions)"
run latfast $BOT latency $COMMON rate="$FAST_RATE" mentions="$FAST_MENTIONS" warmup=0 authors=500
step "cached-reply latency at $SLOW_RATE mentions/s ($SLOW_MENTIONS mentions after $SLOW_WARMUP)"
run latslow $BOT latency $COMMON rate="$SLOW_RATE" mentions="$SLOW_MENTIONS" warmup="$SLOW_WARMUP" authors=500
step "slash commands at 100/s ($INTERACTIONS interactions after 200)"
run interactions $BOT interactions $COMMON rate=100 mentions="$INTERACTIONS" warmup=200 authors=500
step "!reload MessageHandler x $RELOADS through the emulator"
run botreload $BOT reload $COMMON reloads="$RELOADS"
step "reload benchmark (bench/reload: $RELOAD_TIMED timed, $RELOADS cycles)"
run reload dotnet bench/reload/bin/Release/net10.0/AndyAI.ReloadBench.dll "$RELOAD_TIMED" "$RELOADS"
step "BenchmarkDotNet ($BDN_JOB job, in-process)"
run bdn dotnet bench/AndyAI.Benchmarks/bin/Release/net10.0/AndyAI.Benchmarks.dll \
  --filter '*RateLimitBenchmarks*' '*ResponseCacheBenchmarks*' '*MessageSplitterBenchmarks*' '*CachedMentionBenchmarks*' \
  --job $BDN_JOB --inProcess --artifacts "$work/bdn"
run bdnfilter $BOT micro --filter '*' --job $BDN_JOB --inProcess --artifacts "$work/bdn"
step "done"

python3 - "$work" "$QUICK" "$BDN_JOB" <<'PY'
import glob, json, os, re, sys
work, quick, job = sys.argv[1], sys.argv[2] == "1", sys.argv[3]

def text(name, ext="out"):
    try: return open(os.path.join(work, f"{name}.{ext}"), encoding="utf-8").read()
    except OSError: return ""

def load(name): return text(name, "load").strip() or "?"

def result(name):
    for line in reversed(text(name).splitlines()):
        if line.startswith("{"): return json.loads(line)
    return {}

rows = []
def row(what, value, goal, name): rows.append((what, value, goal, load(name)))

# Flood: bench/flood/run.sh prints "| client | µs/msg | msg/s | peak RSS MB | mentions |" rows.
for line in text("flood").splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 4 and re.match(r"^[\d.]+$", cells[1] or "x"):
        goal = "≤ 3 µs, ≤ 45 MB" if cells[0].startswith("AndyAI") else "reference"
        row(f"flood: {cells[0]} (client only)", f"{cells[1]} µs/msg, {cells[2]} msg/s, {cells[3]} MB peak", goal, "flood")
if not any(r[0].startswith("flood: ") for r in rows):
    row("flood: client and discord.js", "failed: " + (text("flood", "err").strip().splitlines() or ["no output"])[-1][:120], "", "flood")

for line in text("clusterflood").splitlines():
    if line.startswith("{"):
        c = json.loads(line)
        row(f"scale-out flood: {c['processes']} process(es), {c['shards']} shards, Redis",
            f"{c['marginal_cpu_us_per_message']} µs/msg (all processes), {c['messages_per_second']} msg/s, ready in {c['ready_s']} s",
            "reported", "clusterflood")

bf = result("botflood")
if "cpu_us_per_message" in bf:
    row("flood: AndyAI full bot (host + MessageHandler + Utility)",
        f"{bf.get('marginal_cpu_us_per_message', bf['cpu_us_per_message'])} µs/msg, {bf['messages_per_second']:.0f} msg/s, {bf['peak_rss_mb']} MB peak "
        f"({bf['mentions']} mentions, {bf.get('reply_posts_ok', '?')} replies)", "≤ 3 µs, ≤ 70 MB", "botflood")
    if "idle_private_dirty_mb" in bf:
        row("idle memory after READY (full bot, smaps_rollup)",
            f"RSS {bf['idle_rss_mb']} MB, PSS {bf['idle_pss_mb']} MB, private dirty {bf['idle_private_dirty_mb']} MB",
            "private dirty ≤ 24 MB", "botflood")
else:
    row("flood: AndyAI full bot", "failed: " + str(bf.get("error", "no result")), "", "botflood")

for name, label in (("latfast", "at 1,000 mentions/s"), ("latslow", "at 40 mentions/s (under the 50 req/s REST limit)")):
    r = result(name)
    if "p50_ms" in r:
        row(f"cached-reply latency {label}",
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms "
            f"(from the post call: {r.get('from_post_p50_ms', '?')} / {r.get('from_post_p95_ms', '?')} / {r.get('from_post_p99_ms', '?')} ms; "
            f"{r['answered']}/{r['measured']} answered, "
            f"sent at {r['rate_achieved_per_s']:.0f}/s, {r['authors']} authors, {r['llm_requests']} LLM call)",
            "p50 ≤ 0.5 ms, p99 ≤ 3 ms", name)
    else:
        row(f"cached-reply latency {label}", "failed: " + str(r.get("error", "no result")), "", name)

ri = result("interactions")
if "all_p50_ms" in ri:
    row(f"slash command → initial response at {ri['rate_target_per_s']}/s (full bot; /help answered, cached /ask deferred)",
        f"p50 {ri['all_p50_ms']} ms, p99 {ri['all_p99_ms']} ms, max {ri['all_max_ms']} ms (/help p99 {ri.get('help_p99_ms', '?')} ms, "
        f"/ask p99 {ri.get('ask_p99_ms', '?')} ms; {ri['answered']}/{ri['measured']} answered, {ri['refused']} refused, "
        f"sent at {ri['rate_achieved_per_s']:.0f}/s, {ri['cpu_us_per_interaction']} µs CPU each)",
        "p99 < 20 ms (Discord allows 3 s)", "interactions")
else:
    row("slash command → initial response (full bot)", "failed: " + str(ri.get("error", "no result")), "", "interactions")

idle = [result(n).get("idle_rss_mb") for n in ("botflood", "latfast", "latslow", "botreload")]
idle = [v for v in idle if v is not None]
if idle:
    row("idle RSS after READY, cogs running (full bot)", f"{min(idle)}–{max(idle)} MB over {len(idle)} starts", "≤ 35 MB (seed 50–100 MB)", "botflood")

br = result("botreload")
if "reload_roundtrip_p50_ms" in br:
    row(f"!reload MessageHandler x {br['reloads']} (full bot, command → reply)",
        f"p50 {br['reload_roundtrip_p50_ms']} ms, p95 {br['reload_roundtrip_p95_ms']} ms (supervisor: p50 {br['reload_supervisor_p50_ms']:.0f}, "
        f"p95 {br['reload_supervisor_p95_ms']:.0f} ms); RSS {br['rss_after_5_reloads_mb']} → {br['rss_after_all_reloads_mb']} MB",
        "no growth", "botreload")
    row("  bot's own !stats after the reloads", br.get("stats_memory_after", "?"), "", "botreload")
else:
    row("!reload MessageHandler (full bot)", "failed: " + str(br.get("error", "no result")), "", "botreload")

for line in text("reload").splitlines():
    if line.strip(): row("reload bench (supervisor, WellBehavedCog)", line.strip(), "", "reload")

for report in sorted(glob.glob(os.path.join(work, "bdn", "results", "*-report-github.md"))):
    header = None
    for line in open(report, encoding="utf-8"):
        if not line.startswith("|"): continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None: header = cells; continue
        if set(cells[0]) <= set("-: "): continue
        get = lambda col: cells[header.index(col)] if col in header else "?"
        method = get("Method").replace("&#39;", "").strip("'")
        extra = [f"{h}={cells[i]}" for i, h in enumerate(header[1:header.index("Mean")] if "Mean" in header else [], 1)]
        method += (" (" + ", ".join(extra) + ")") if extra else ""
        cls = os.path.basename(report).split("-report")[0].split(".")[-1]
        rows.append((f"micro {cls}: {method}", f"{get('Mean')}, {get('Allocated')}", "", load("bdn") if "Filter" not in cls else load("bdnfilter")))

print()
print(f"AndyAI benchmarks — {'QUICK run (short counts; numbers are indicative only)' if quick else 'full run'}; "
      f"BenchmarkDotNet job: {job}; machine: {os.cpu_count()} cores, "
      f"{int(open('/proc/meminfo').readline().split()[1]) // 1048576} GiB")
print()
print("| what | measured | goal | load avg (1/5/15 min) |")
print("|---|---|---|---|")
for what, value, goal, la in rows:
    print(f"| {what} | {value} | {goal} | {la} |")
PY
