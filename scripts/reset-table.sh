#!/usr/bin/env bash
# The reset-to-zero table of docs/benchmarks.md: for each converted SNN folder, its accuracy at
# T = 16, 32, 64 and 256 with reset by subtraction and with reset to zero (one event-engine run to
# T = 256 per reset, every image to T, v(0) as the network was made for), beside its ANN's.
# Prints markdown rows.
# Usage: scripts/reset-table.sh DATA_DIR SNN_DIR... (env LIMIT=0 for the full test set, TMAX=256)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"; shift
limit="${LIMIT:-0}"; tmax="${TMAX:-256}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "| SNN | ANN | reset | T = 16 | 32 | 64 | $tmax | seconds |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for snn in "$@"; do
  name="$(basename "$snn")"
  for reset in subtract zero; do
    nice "$here/spikebridge" simulate --snn "$snn" --data-dir "$data" --limit "$limit" \
      --timesteps "$tmax" --engine event --reset "$reset" --out "$out/$name-$reset" >/dev/null 2>&1
    python3 - "$out/$name-$reset/metrics.json" "$name" "$reset" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
acc = m["steps"]["accuracy"]
steps = [t for t in (16, 32, 64) if t < len(acc)] + [len(acc)]
print(f'| {sys.argv[2]} | {m["annAccuracy"]:.2f} | {sys.argv[3]} | '
      + " | ".join(f"{acc[t - 1]:.2f}" for t in steps) + f' | {m["run"]["seconds"]:.0f} |')
PY
  done
done
