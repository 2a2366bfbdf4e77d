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
  local t0=$SECONDS rc=0
  ./hiss evaluate "$@" --json "$out/$name.json" --report "$out/$name.html" \
    >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  sed '/^wrote /d' "$out/$name.out"
  if [ "$rc" != 0 ]; then
    echo "FAILED (exit $rc): $(tail -1 "$out/$name.err")"
    failures=$((failures + 1))
  fi
  echo "(wall $((SECONDS - t0)) s, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo '```'
  names+=("$name")
}
failures=0
names=()
all=hiss,s4d,s5,mamba,lstm,transformer
common=(--seed 5 --epochs 30 --budget-minutes "$budget")

# Derived inputs: the heart rate of the raw ECG, and the PM10 network as one series per station.
./hiss derive heart-rate --csv "$data/ecg_mitbih208_360hz.csv" --column ecg_mV --fs 360 \
  --out "$out/ecg_hr.csv" >/dev/null
./hiss derive long --csv "$data/air_pm10_70stations_daily.csv" --id-col date \
  --series-name station --value-name pm10 --out "$out/pm10_long.csv" >/dev/null

echo "## Evaluate suite over the bundled recordings (\`benchmarks/evaluate-suite.sh\`, budget $budget min per run, $(nproc) cores, $(date -u +%Y-%m-%d))"
echo
echo "Neural models on the forecast task read the last L target rows (--episode-length) and forecast"
echo "all h rows at once; the flat ones read their output after the last row, HiSS with chunks of k."
run wsn "IoT motes: humidity → temperature per mote, seq2seq, k = 10" \
  --csv "$data/wsn_single_hop.csv" --series-col mote_id --inputs humidity --targets temperature \
  --task seq2seq --chunk 10 --models $all,naive,ar,mean "${common[@]}"
run ecg_hr "raw 360 Hz ECG → heart rate at 36 Hz (derived by ./hiss derive heart-rate), seq2seq, k = 10, 10 s episodes" \
  --csv "$out/ecg_hr.csv" --time-col t_s --inputs ecg_mV --targets heart_rate_bpm \
  --task seq2seq --chunk 10 --episode-length 3600 --models $all,naive,ar,mean \
  --batch-size 4 --lr 0.01 "${common[@]}"
run pm10 "70 rural PM10 stations (Germany 1998–2009, 51 % missing), one series per station, forecast 7 days ahead" \
  --csv "$out/pm10_long.csv" --time-col date --series-col station --targets pm10 --task forecast \
  --horizon 7 --models naive,seasonal,mean,ar --period 7 --ar-order 7
run electricity "England & Wales demand, forecast 48 half-hours (one day) ahead from 10 days" \
  --csv "$data/taylor_halfhourly_MW.csv" --time-col halfhour --targets MW --task forecast \
  --horizon 48 --chunk 48 --episode-length 480 --models naive,seasonal,mean,ar,$all \
  --period 336 --ar-order 48 "${common[@]}"
run babyecg "infant heart rate (every 16 s), forecast 4 steps (64 s) ahead from 160 steps" \
  --csv "$data/babyecg_hr_sleep.csv" --time-col t_s --targets heart_rate_bpm --task forecast \
  --horizon 4 --chunk 8 --episode-length 160 --models naive,seasonal,mean,ar,$all --period 4 \
  "${common[@]}"
run sunspots "monthly sunspot numbers 1749–1983, forecast 12 months ahead from 20 years" \
  --csv "$data/R_sunspot.month.csv" --time-col time --targets value --task forecast \
  --horizon 12 --chunk 12 --episode-length 240 --models naive,seasonal,mean,ar,$all --period 132 \
  --ar-order 24 "${common[@]}"
run eustocks "DAX, SMI, CAC, FTSE daily closes 1991–1998, forecast 5 trading days ahead" \
  --csv "$data/R_EuStockMarkets.csv" --time-col time --targets DAX,SMI,CAC,FTSE --task forecast \
  --horizon 5 --chunk 5 --episode-length 60 --models naive,mean,ar,$all "${common[@]}"
run co2 "Mauna Loa CO2 monthly 1959–1997, forecast 12 months ahead from 10 years" \
  --csv "$data/R_co2.csv" --time-col time --targets value --task forecast --horizon 12 \
  --chunk 12 --episode-length 120 --models naive,seasonal,mean,ar,$all --period 12 --ar-order 13 \
  "${common[@]}"
run nottem "Nottingham monthly air temperature 1920–1939, forecast 12 months ahead from 4 years" \
  --csv "$data/R_nottem.csv" --time-col time --targets value --task forecast --horizon 12 \
  --chunk 12 --episode-length 48 --models naive,seasonal,mean,ar,$all --period 12 --ar-order 12 \
  "${common[@]}"
run airpassengers "airline passengers monthly 1949–1960, forecast 12 months ahead from 2 years" \
  --csv "$data/R_AirPassengers.csv" --time-col time --targets value --task forecast --horizon 12 \
  --chunk 12 --episode-length 24 --models naive,seasonal,mean,ar,$all --period 12 --ar-order 12 \
  "${common[@]}"
for b in 1 2; do
  run beaver$b "beaver $b body temperature (telemetry every 10 min), forecast 6 steps (1 h) ahead from 4 h" \
    --csv "$data/R_beaver$b.csv" --targets temp --task forecast --horizon 6 --chunk 6 \
    --episode-length 24 --models naive,mean,ar,$all "${common[@]}"
done
echo
echo "### Summary: HiSS against the best flat neural model (normalized test MSE, lower is better)"
echo
"$here/benchmarks/evaluate-summary.sh" "$out" "${names[@]}"
echo
echo "Runs that failed: $failures"
