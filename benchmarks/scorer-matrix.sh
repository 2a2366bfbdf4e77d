#!/usr/bin/env bash
# The scorer's capacity (backlog mode, 10,000 devices) of this checkout, alternating with another
# checkout of the project (e.g. an older commit: git worktree add /tmp/old <commit>) as the peer,
# two rounds, then this checkout at 1 s commits and with 2 stream threads (BENCHMARKS.md, issue 7).
# Usage: benchmarks/scorer-matrix.sh [PEER_DIR]   (without PEER_DIR only this checkout runs)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
peer=${1:-}
run() {
  local dir=$1
  shift
  echo "== $dir $* (load $(cut -d' ' -f1 /proc/loadavg))"
  (cd "$dir" && ./hiss bench scorer --devices 10000 "$@" 2>&1 | grep -E "^drained|^start-up")
}
for round in 1 2; do
  echo "# round $round"
  [ -n "$peer" ] && run "$peer" --events 2160000 --model ar
  run "$here" --events 2160000 --model ar
  run "$here" --events 2160000 --model ar --state-cache 0
  [ -n "$peer" ] && run "$peer" --events 1440000 --model hiss
  run "$here" --events 1440000 --model hiss
  run "$here" --events 1440000 --model hiss --state-cache 0
done
run "$here" --events 2160000 --model ar --commit-interval PT1S
run "$here" --events 1440000 --model hiss --commit-interval PT1S
run "$here" --events 2160000 --model ar --threads 2
run "$here" --events 1440000 --model hiss --threads 2
