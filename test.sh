#!/usr/bin/env bash
# The test command from the README. Installs what the tests need (npm packages for the discord.js
# conformance check), builds the solution, runs every test assembly and prints one summary line:
#   N passed, N failed, N skipped
# Exit status: non-zero when any test fails, any test assembly fails to run or discovers no test, a test hangs
# (a dump is written; see --blame-hang-timeout below), or a test is skipped (Ignore, Assume, Inconclusive)
# without being listed in tests/allowed-skips.txt.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# A hung test fails the run after this long, with a dump of the test host, instead of eating CI's time.
hang_timeout=${TEST_HANG_TIMEOUT:-5m}
allowed_skips=tests/allowed-skips.txt

if [ -f tests/conformance/package-lock.json ]; then
  if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
    (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  fi
fi

dotnet build AndyAI.sln -c Debug -nologo -v:minimal "$@" || { echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
results=$(mktemp -d)
dotnet test AndyAI.sln -c Debug --no-build -nologo \
  --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type mini \
  --logger trx --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one line per test assembly: "Passed!  - Failed:     0, Passed:     4, Skipped:     0, Total:     4, ..."
read -r passed failed skipped assemblies empty < <(grep -E '^\s*(Passed|Failed)!' "$log" | awk '
  { n++; t = -1
    for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v)
      if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v; if ($i == "Total:") t = v }
    if (t == 0) e++ }
  END { printf "%d %d %d %d %d\n", p, f, s, n, e }')
projects=$(find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | wc -l)

problems=()
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; problems+=("a test host crashed, hung or an assembly did not run"); fi
if [ "$empty" -gt 0 ] || [ "$assemblies" -lt "$projects" ]; then
  problems+=("$((projects - assemblies + empty)) of $projects test projects ran no test (no tests discovered?)")
fi

if [ "$skipped" -gt 0 ]; then
  # Names come from the TRX files: testName as NUnit displays it (method name, with arguments for test cases).
  mapfile -t skipped_names < <(cat "$results"/*.trx 2>/dev/null \
    | grep -o '<UnitTestResult [^>]*outcome="\(NotExecuted\|Inconclusive\)"' \
    | sed -E 's/.* testName="([^"]*)".*/\1/' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g')
  if [ "${#skipped_names[@]}" -lt "$skipped" ]; then
    problems+=("$skipped tests were skipped but only ${#skipped_names[@]} could be named")
  fi
  for name in "${skipped_names[@]}"; do
    if ! { [ -f "$allowed_skips" ] && grep -v '^\s*#' "$allowed_skips" | grep -qxF -- "$name"; }; then
      problems+=("skipped and not in $allowed_skips: $name")
    fi
  done
fi

if [ "$status" -ne 0 ]; then
  find "$results" -name '*.dmp' -o -name 'Sequence_*.xml' 2>/dev/null | sed 's/^/hang or crash evidence: /'
else
  rm -rf "$results"
fi
rm -f "$log"

for problem in ${problems[@]+"${problems[@]}"}; do echo "test.sh: $problem" >&2; done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "${#problems[@]}" -eq 0 ]
