#!/usr/bin/env bash
# Measures post-conversion calibration (docs/calibration.md) on converted SNN folders: each is
# simulated on the full test set to T = 16 as converted, then calibrated at each T of $STEPS (or at
# the one T of $AT) and simulated to that T (to 16 with $AT). Prints a Markdown table of the
# accuracy at each T without and with calibration, and the ANN accuracy of the network as
# converted. Usage: scripts/calibration-table.sh DATA_DIR OUT SNN_DIR... (env STEPS="2 4 6 8 16",
# AT=T, SIZE=1024 calibration images, SEED=1, SPIKEBRIDGE=the command to run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spikebridge="${SPIKEBRIDGE:-$here/spikebridge}"
data="$1"; out="$2"; shift 2
steps="${STEPS:-2 4 6 8 16}"; size="${SIZE:-1024}"; seed="${SEED:-1}"
mkdir -p "$out"
accuracy() { # metrics.json, t
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(f\"{m['steps']['accuracy'][int(sys.argv[2])-1]:.2f}\")" "$1" "$2"
}
echo "| method | ANN (%) | calibrated at | $(for t in $steps; do printf 'T = %s | ' "$t"; done)"
echo "| --- | ---: | --- | $(for t in $steps; do printf -- '---: | '; done)"
for snn in "$@"; do
  name="$(basename "$snn")"
  [ -d "$out/$name/plain" ] || "$spikebridge" simulate --snn "$snn" --data-dir "$data" \
    --timesteps 16 --out "$out/$name/plain" > /dev/null 2>&1
  ann="$(python3 -c "import json,sys; print(f\"{json.load(open(sys.argv[1]))['annAccuracy']:.2f}\")" "$out/$name/plain/metrics.json")"
  echo "| $name | $ann | — | $(for t in $steps; do printf '%s | ' "$(accuracy "$out/$name/plain/metrics.json" "$t")"; done)"
  row=""
  for t in $steps; do
    at="${AT:-$t}"; horizon="${AT:+16}"; horizon="${horizon:-$t}"
    [ -d "$out/$name/snn-t$at" ] || "$spikebridge" calibrate --snn "$snn" --data-dir "$data" \
      --timesteps "$at" --calibration-size "$size" --seed "$seed" --out "$out/$name/snn-t$at" > /dev/null 2>&1
    [ -d "$out/$name/sim-t$at-to$horizon" ] || "$spikebridge" simulate --snn "$out/$name/snn-t$at" \
      --data-dir "$data" --timesteps "$horizon" --out "$out/$name/sim-t$at-to$horizon" > /dev/null 2>&1
    row="$row$(accuracy "$out/$name/sim-t$at-to$horizon/metrics.json" "$t") | "
  done
  echo "| $name | $ann | ${AT:-each T} | $row"
done
