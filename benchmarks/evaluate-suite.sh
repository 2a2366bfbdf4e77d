#!/usr/bin/env bash
# Runs ./hiss evaluate over the bundled real recordings with tasks that make physical sense and
# prints a Markdown section (paste it into BENCHMARKS.md). JSON and HTML reports and the derived
# CSVs go to target/evaluate-suite/. Usage: benchmarks/evaluate-suite.sh [DATASETS_DIR] [BUDGET_MINUTES]
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
  echo "./hiss evaluate $*" | sed -e "s|$data/||g" -e "s|$out/||g"
  local t0=$SECONDS
  ./hiss evaluate "$@" --json "$out/$name.json" --report "$out/$name.html" 2>/dev/null | sed '/^wrote /d'
  echo "(wall $((SECONDS - t0)) s, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo '```'
}

# Derived inputs: the heart rate of the raw ECG, and the PM10 network as one series per station.
./hiss derive heart-rate --csv "$data/ecg_mitbih208_360hz.csv" --column ecg_mV --fs 360 \
  --out "$out/ecg_hr.csv" >/dev/null
./hiss derive long --csv "$data/air_pm10_70stations_daily.csv" --id-col date \
  --series-name station --value-name pm10 --out "$out/pm10_long.csv" >/dev/null

echo "## Evaluate suite over the bundled recordings (\`benchmarks/evaluate-suite.sh\`, budget $budget min per run, $(nproc) cores, $(date -u +%Y-%m-%d))"
run wsn "IoT motes: humidity → temperature per mote, seq2seq, k = 10" \
  --csv "$data/wsn_single_hop.csv" --series-col mote_id --inputs humidity --targets temperature \
  --task seq2seq --chunk 10 --models hiss,s4d,s5,mamba,lstm,transformer,naive,ar,mean --seed 5 --epochs 30 \
  --budget-minutes "$budget"
run ecg_hr "raw 360 Hz ECG → heart rate at 36 Hz (derived by ./hiss derive heart-rate), seq2seq, k = 10, 10 s episodes" \
  --csv "$out/ecg_hr.csv" --time-col t_s --inputs ecg_mV --targets heart_rate_bpm \
  --task seq2seq --chunk 10 --episode-length 3600 --models hiss,s4d,s5,mamba,lstm,naive,ar,mean \
  --seed 5 --epochs 30 --batch-size 4 --lr 0.01 --budget-minutes "$budget"
run pm10 "70 rural PM10 stations (Germany 1998–2009, 51 % missing), one series per station, forecast 7 days ahead" \
  --csv "$out/pm10_long.csv" --time-col date --series-col station --targets pm10 --task forecast \
  --horizon 7 --models naive,seasonal,mean,ar --period 7 --ar-order 7
run babyecg "infant heart rate, forecast 4 steps (64 s) ahead" \
  --csv "$data/babyecg_hr_sleep.csv" --time-col t_s --targets heart_rate_bpm --task forecast \
  --horizon 4 --models naive,seasonal,mean,ar --period 4
run electricity "England & Wales demand, forecast 48 half-hours (one day) ahead" \
  --csv "$data/taylor_halfhourly_MW.csv" --time-col halfhour --targets MW --task forecast \
  --horizon 48 --models naive,seasonal,mean,ar --period 336 --ar-order 48
run beaver "beaver body temperature (telemetry every 10 min), forecast 6 steps ahead" \
  --csv "$data/R_beaver1.csv" --targets temp --task forecast --horizon 6 \
  --models naive,mean,ar
