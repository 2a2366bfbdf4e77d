#!/usr/bin/env bash
# Runs ./hiss evaluate over the bundled real recordings with tasks that make physical sense and
# prints a Markdown section (paste it into BENCHMARKS.md). JSON and HTML reports go to
# target/evaluate-suite/. Usage: benchmarks/evaluate-suite.sh [DATASETS_DIR] [BUDGET_MINUTES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$here/../shared/datasets}"
budget="${2:-3}"
out="$here/target/evaluate-suite"
mkdir -p "$out"
cd "$here"

run() { # name, description, evaluate args...
  local name="$1" what="$2"; shift 2
  echo
  echo "### $name — $what"
  echo
  echo '```'
  echo "./hiss evaluate $*" | sed "s|$data/||g"
  ./hiss evaluate "$@" --json "$out/$name.json" --report "$out/$name.html" 2>/dev/null | sed '/^wrote /d'
  echo '```'
}

echo "## Evaluate suite over the bundled recordings (\`benchmarks/evaluate-suite.sh\`, budget $budget min per run, $(nproc) cores, $(date -u +%Y-%m-%d))"
run wsn "IoT motes: humidity → temperature per mote, seq2seq, k = 10" \
  --csv "$data/wsn_single_hop.csv" --series-col mote_id --inputs humidity --targets temperature \
  --task seq2seq --chunk 10 --models hiss,s4d,s5,mamba,lstm,transformer,naive,ar,mean --seed 5 --epochs 30 \
  --budget-minutes "$budget"
run babyecg "infant heart rate, forecast 4 steps (64 s) ahead" \
  --csv "$data/babyecg_hr_sleep.csv" --time-col t_s --targets heart_rate_bpm --task forecast \
  --horizon 4 --models naive,seasonal,mean,ar --period 4
run electricity "England & Wales demand, forecast 48 half-hours (one day) ahead" \
  --csv "$data/taylor_halfhourly_MW.csv" --time-col halfhour --targets MW --task forecast \
  --horizon 48 --models naive,seasonal,mean,ar --period 336 --ar-order 48
run beaver "beaver body temperature (telemetry every 10 min), forecast 6 steps ahead" \
  --csv "$data/R_beaver1.csv" --targets temp --task forecast --horizon 6 \
  --models naive,mean,ar
