#!/usr/bin/env bash
# Flood benchmark: our Discord client vs discord.js 14 against the same emulator flood (50,000 MESSAGE_CREATE,
# 1 in 1000 mentions the bot, 1000 distinct authors). Prints CPU µs/message (process CPU during the flood / count),
# messages/s, and peak RSS of each client process (/usr/bin/time -v). Our client runs twice: on the JIT runtime as
# the plugin host runs it, and published Native AOT as a client-only bot can ship it (skipped with a note when
# the AOT toolchain is missing). The emulator runs on CPU 0 and each client on CPU 1 (FLOOD_PIN=0 to turn that off).
# Usage: bench/flood/run.sh [count] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-50000}
RUNS=${2:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Emulator/AndyAI.Emulator.csproj -c Release -nologo -v:q >/dev/null
dotnet build bench/flood/AndyAI.Discord.FloodBench.csproj -c Release -nologo -v:q >/dev/null
AOT=bench/flood/bin/aot/AndyAI.Discord.FloodBench
if ! dotnet publish bench/flood/AndyAI.Discord.FloodBench.csproj -c Release -r linux-x64 -p:PublishAot=true \
     -nologo -v:q -o bench/flood/bin/aot >/dev/null 2>&1; then
  echo "note: Native AOT publish failed (needs the ILCompiler package and a C toolchain); AOT row skipped" >&2
  AOT=""
fi
if [ ! -d tests/conformance/node_modules/discord.js ]; then (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error); fi

work=$(mktemp -d)
emulator_pid=""
cleanup() { if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

# Each side gets its own core when there are two or more (and taskset exists): the emulator stands in for Discord's
# servers, which never share a core with the bot; unpinned, the two processes' threads migrate across the same
# cores and the client's CPU per message varies 3x between identical runs (docs/benchmarks.md, issue 4).
EMULATOR_CPU=(); CLIENT_CPU=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] && [ "${FLOOD_PIN:-1}" = 1 ]; then
  EMULATOR_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1)
fi

start_emulator() {
  "${EMULATOR_CPU[@]}" dotnet Emulator/bin/Release/net10.0/AndyAI.Emulator.dll --port 0 >"$work/emulator.out" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 200); do grep -q "Bot token" "$work/emulator.out" 2>/dev/null && break; sleep 0.1; done
  REST=$(grep -oP 'REST base URL : \K\S+' "$work/emulator.out")
  CONTROL=$(grep -oP 'Control API   : \K\S+' "$work/emulator.out")
  TOKEN=$(grep -oP 'Bot token     : \K\S+' "$work/emulator.out")
}

stop_emulator() { kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=""; }

peak_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

row() { # name json timefile
  python3 - "$1" "$2" "$(peak_rss_mb "$3")" <<'PY'
import json, sys
name, line, rss = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.loads(line)
print(f"| {name:<28} | {d['cpu_us_per_message']:>8} | {d['messages_per_second']:>10} | {rss:>9} | {d['mentions_delivered']:>8} |")
PY
}

measure() { # name file command... : one client run against the running emulator; a failed run prints a row saying why
  local name=$1 file=$2; shift 2
  if /usr/bin/time -v -o "$work/$file.time" "${CLIENT_CPU[@]}" "$@" "$REST" "$CONTROL" "$TOKEN" "$COUNT" >"$work/$file.json" 2>"$work/$file.err"; then
    row "$name" "$(tail -1 "$work/$file.json")" "$work/$file.time" \
      || printf '| %-28s | failed: unreadable result: %s |\n' "$name" "$(tail -1 "$work/$file.json" | cut -c1-100)"
  else
    printf '| %-28s | failed: %s |\n' "$name" "$(tail -1 "$work/$file.err" | cut -c1-100)"
  fi
}

echo "| client                       | µs/msg   | msg/s      | peak RSS MB | mentions |"
echo "|------------------------------|----------|------------|-----------|----------|"
for run in $(seq 1 "$RUNS"); do
  start_emulator
  measure "AndyAI.Discord" ours dotnet bench/flood/bin/Release/net10.0/AndyAI.Discord.FloodBench.dll
  stop_emulator

  if [ -n "$AOT" ]; then
    start_emulator
    measure "AndyAI.Discord (Native AOT)" aot "$AOT"
    stop_emulator
  fi

  start_emulator
  measure "discord.js 14.28.1" djs node bench/flood/discordjs-flood.js
  stop_emulator
done
