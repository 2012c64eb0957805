#!/usr/bin/env bash
# RedConnect's test command: installs the system packages the tests use when they are missing, then
# runs every test project of the solution. CI (.ci/run) calls exactly this.
#   ./test.sh                 all tests
#   ./test.sh --filter X      passes extra arguments to dotnet test
set -euo pipefail
cd "$(dirname "$0")"

# --- system packages -------------------------------------------------------------------------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)                 # browser tests (Playwright drives it)
command -v turnutils_uclient >/dev/null 2>&1 || need+=(coturn)          # TURN checked with coturn's own clients
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)                     # the SFU's synthetic VP8 clip
command -v node >/dev/null 2>&1 || need+=(nodejs npm)                   # builds the portal's TypeScript
if ((${#need[@]})); then
  echo "test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian's coturn package may start a turnserver on 3478; our tests pick their own free ports, but an
# idle system coturn must not be mistaken for ours.
if pgrep -x turnserver >/dev/null 2>&1 && [ -z "${RC_KEEP_SYSTEM_TURNSERVER:-}" ]; then
  pkill -x turnserver || true
fi

# --- build once, then run the test projects (in parallel, the browser tests after them) ---------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PLAYWRIGHT_NODEJS_PATH=/usr/bin/node
dotnet build RedConnect.sln -c Release -warnaserror -nologo -v q
results=$(mktemp -d)
set +e
if (($#)); then
  # Arguments (e.g. --filter X): one run over the whole solution, as asked.
  dotnet test RedConnect.sln -c Release --no-build --nologo \
    --logger "trx" --results-directory "$results" "$@"
  rc=$?
else
  # Every project but the browser tests in parallel, then the browser tests alone: headless Chromium calls
  # starved of CPU by the TURN and portal suites on two cores were the one source of rare timeouts.
  dotnet test RedConnect.sln -c Release --no-build --nologo --filter "FullyQualifiedName!~RedConnect.EndToEnd.Tests" \
    --logger "trx" --results-directory "$results"
  rc=$?
  dotnet test tests/EndToEnd.Tests -c Release --no-build --nologo \
    --logger "trx" --results-directory "$results"
  rc2=$?
  ((rc == 0)) && rc=$rc2
fi
set -e

# --- one plain closing line over all projects -------------------------------------------------------
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for t in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(t).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $rc
