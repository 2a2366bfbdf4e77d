#!/usr/bin/env bash
# HiSS against the flat neural models on the two seq2seq recordings, over several seeds, with a
# fixed number of epochs (no time budget cuts training short, so the figures do not depend on the
# machine's load). Prints a Markdown table of normalized test MSE (mean ± sample std over seeds)
# and HiSS against the best flat model per seed. JSON results go to target/seq2seq-seeds/.
# Usage: benchmarks/seq2seq-seeds.sh [DATASETS_DIR] [SEEDS (default "1 2 3")] [EPOCHS (default 10)]
#        [HISS_PRESET (default tiny; the flat SSMs are sized to match it)] [MODELS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$here/../shared/datasets}"
seeds="${2:-1 2 3}"
epochs="${3:-10}"
preset="${4:-tiny}"
models="${5:-hiss,s4d,s5,mamba,lstm,transformer}"
out="$here/target/seq2seq-seeds/$preset"
mkdir -p "$out"
cd "$here"
./hiss derive heart-rate --csv "$data/ecg_mitbih208_360hz.csv" --column ecg_mV --fs 360 \
  --out "$out/ecg_hr.csv" >/dev/null
for seed in $seeds; do
  ./hiss evaluate --csv "$data/wsn_single_hop.csv" --series-col mote_id --inputs humidity \
    --targets temperature --task seq2seq --chunk 10 --models $models --seed "$seed" \
    --hiss-preset "$preset" --epochs "$epochs" --budget-minutes 120 --json "$out/wsn-$seed.json" >"$out/wsn-$seed.out"
  ./hiss evaluate --csv "$out/ecg_hr.csv" --time-col t_s --inputs ecg_mV \
    --targets heart_rate_bpm --task seq2seq --chunk 10 --episode-length 3600 --models $models \
    --batch-size 4 --lr 0.01 --seed "$seed" --hiss-preset "$preset" --epochs "$epochs" --budget-minutes 120 \
    --json "$out/ecg_hr-$seed.json" >"$out/ecg_hr-$seed.out"
done
/usr/bin/env python3 - "$out" "$models" "$preset" "$epochs" $seeds <<'PY'
import json, statistics, sys
out, models, preset, epochs, seeds = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4], sys.argv[5:]
print(f"Normalized test MSE, HiSS preset {preset}, {epochs} epochs (best validation epoch kept), seeds {', '.join(seeds)}: mean ± sample std")
print()
print("| task | " + " | ".join(models) + " | HiSS vs flat S4D (same layer and size), per seed | HiSS vs the best flat model of each seed |")
print("|---|" + "---|" * (len(models) + 2))
for task in ["wsn", "ecg_hr"]:
    per = {m: [] for m in models}
    rel, same = [], []
    for s in seeds:
        r = json.load(open(f"{out}/{task}-{s}.json"))["models"]
        for m in models:
            per[m].append(r[m]["normalized_mse"])
        flat = min(r[m]["normalized_mse"] for m in models if m != "hiss")
        rel.append((r["hiss"]["normalized_mse"] / flat - 1) * 100)
        if "s4d" in r:
            same.append((r["hiss"]["normalized_mse"] / r["s4d"]["normalized_mse"] - 1) * 100)
    cells = []
    for m in models:
        v = per[m]
        sd = statistics.stdev(v) if len(v) > 1 else 0.0
        cells.append(f"{statistics.mean(v):.4f} ± {sd:.4f}")
    fmt = lambda xs: ", ".join(f"{x:+.1f} %" for x in xs) or "-"
    print(f"| {task} | " + " | ".join(cells) + f" | {fmt(same)} | {fmt(rel)} |")
PY
