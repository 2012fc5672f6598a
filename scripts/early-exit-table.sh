#!/usr/bin/env bash
# The early-exit table of docs/benchmarks.md: for each converted SNN folder, its accuracy at
# T = 2, 4, 6, 8, 16; the exact early exit at T_max = 64 against every image run to 64 (mean and
# 95th-percentile steps per image, accuracy, spikes per image, wall time); and the confident early
# exit over a grid of (k, δ) at T_max = 64. Prints markdown rows.
# Usage: scripts/early-exit-table.sh DATA_DIR SNN_DIR... (env LIMIT=0 for the full test set,
# TMAX=64, GRID="2:1 2:2 4:2 4:4 8:4")
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$1"; shift
limit="${LIMIT:-0}"; tmax="${TMAX:-64}"; grid="${GRID:-2:1 2:2 4:2 4:4 8:4}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# simulate NAME ARGS...: runs `spikebridge simulate` into $out/NAME, quietly
simulate() {
  local name="$1"; shift
  "$here/spikebridge" simulate --data-dir "$data" --limit "$limit" --out "$out/$name" "$@" >/dev/null 2>&1
}

# summary NAME: mean steps, 95th-percentile steps, accuracy at T, spikes per image, seconds
summary() {
  python3 - "$out/$1/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s = m["summary"]
print(f'{s["meanSteps"]:.2f} | {s["stepsFor95PercentOfImages"]} | {s["accuracyAtT"]:.2f} | '
      f'{s["spikesPerImageUpToT"]:,.0f} | {m["run"]["seconds"]:.1f}')
PY
}

echo "| SNN | ANN | T = 2 | 4 | 6 | 8 | 16 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for snn in "$@"; do
  name="$(basename "$snn")"
  simulate "$name-16" --snn "$snn" --timesteps 16
  python3 - "$out/$name-16/metrics.json" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
acc = m["steps"]["accuracy"]
print(f'| {sys.argv[2]} | {m["annAccuracy"]:.2f} | ' + " | ".join(f"{acc[t - 1]:.2f}" for t in (2, 4, 6, 8, 16)) + " |")
PY
done
echo
echo "| SNN | early exit (T_max = $tmax) | mean steps | 95 % within | accuracy | spikes per image | seconds |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for snn in "$@"; do
  name="$(basename "$snn")"
  simulate "$name-none" --snn "$snn" --timesteps "$tmax"
  echo "| $name | none | $(summary "$name-none") |"
  simulate "$name-exact" --snn "$snn" --timesteps "$tmax" --early-exit exact
  echo "| $name | exact | $(summary "$name-exact") |"
  for cell in $grid; do
    k="${cell%%:*}"; delta="${cell##*:}"
    simulate "$name-c$k-$delta" --snn "$snn" --timesteps "$tmax" --early-exit confident \
      --exit-patience "$k" --exit-margin "$delta"
    echo "| $name | confident k = $k, δ = $delta | $(summary "$name-c$k-$delta") |"
  done
done
