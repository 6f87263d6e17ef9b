#!/usr/bin/env bash
# One command for every benchmark: installs wrk if missing (Debian), builds, runs the suite, and writes
# benchmarks/RESULTS.md and benchmarks/storm-drain.png. About 6 minutes on 2 cores. --quick: 500 assets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || echo "wrk could not be installed; the HTTP figure is skipped" >&2
fi
mvn -B -q -Pbench -DskipTests -Dbench.skip=false -Dbench.args="${1:---full}" package
