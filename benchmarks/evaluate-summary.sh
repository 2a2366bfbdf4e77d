#!/usr/bin/env bash
# Prints a Markdown table comparing HiSS with the best flat neural model and the best baseline, by
# normalized test MSE, from the tables that benchmarks/evaluate-suite.sh saved as DIR/NAME.out.
# Usage: benchmarks/evaluate-summary.sh DIR NAME...
set -euo pipefail
dir="$1"; shift
echo "| run | task | HiSS norm. MSE | best flat (norm. MSE) | HiSS vs best flat | best baseline (norm. MSE) |"
echo "|---|---|---|---|---|---|"
for name in "$@"; do
  f="$dir/$name.out"
  [ -s "$f" ] || { echo "| $name | (no result) | | | | |"; continue; }
  task=$(grep -o '"task" *: *"[a-z0-9]*"' "$dir/$name.json" 2>/dev/null | head -1 | sed 's/.*"\([a-z0-9]*\)"$/\1/' || true)
  task=${task:-?}
  awk -v name="$name" -v task="$task" '
    $1 == "model" { table = 1; next }
    table && NF >= 10 {
      m = $1; v = $7 + 0
      if (m == "hiss") { hiss = v; has = 1 }
      else if (m ~ /^(s4d|s4|s5|mamba|lstm|transformer)$/) {
        if (flat == "" || v < fv) { flat = m; fv = v }
      } else if (base == "" || v < bv) { base = m; bv = v }
    }
    END {
      h = has ? sprintf("%.4f", hiss) : "-"
      f = flat == "" ? "-" : sprintf("%s (%.4f)", flat, fv)
      if (has && flat != "") {
        d = (1 - hiss / fv) * 100
        c = d >= 0 ? sprintf("%.1f %% lower", d) : sprintf("%.1f %% higher", -d)
      } else c = "-"
      b = base == "" ? "-" : sprintf("%s (%.4f)", base, bv)
      printf "| %s | %s | %s | %s | %s | %s |\n", name, task, h, f, c, b
    }' "$f"
done
