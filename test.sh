#!/usr/bin/env bash
# The test command from the README. Installs what the tests need (npm packages for the discord.js
# conformance check), builds the solution, runs every test assembly and prints one summary line:
#   N passed, N failed
# Exit status: non-zero when any test fails, any test assembly fails to run, or no test ran at all.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -f tests/conformance/package-lock.json ]; then
  if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
    (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  fi
fi

dotnet build AndyAI.sln -c Debug -nologo -v:minimal "$@" || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
dotnet test AndyAI.sln -c Debug --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one line per test assembly: "Passed!  - Failed:     0, Passed:     4, Skipped: ..."
read -r passed failed < <(grep -E '^\s*(Passed|Failed)!' "$log" | awk '
  { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
  END { printf "%d %d\n", p, f }')
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a test host crashed or an assembly did not run
echo "${passed} passed, ${failed} failed"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
