#!/usr/bin/env bash
# Simulates converted SNN folders with the event engine (`spikebridge simulate`) and with the tuned
# dense PyTorch reference script, one after the other on the same machine, and prints both speeds.
# Usage: scripts/event-vs-torch.sh TORCH_SIM_PY DATA_DIR SNN_DIR... (env LIMIT=2500 T=256, and
# TORCH_BATCH=N for the PyTorch script's batch size instead of its default)
# Needs Python 3 with torch (Debian: python3-torch; PYTHON=/usr/bin/python3 when another python3 comes
# first on the PATH); for benchmarks only, never in CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
torch_sim="$1"; data="$2"; shift 2
limit="${LIMIT:-2500}"; steps="${T:-256}"
batch=(); [ -n "${TORCH_BATCH:-}" ] && batch=(--batch "$TORCH_BATCH")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for snn in "$@"; do
  name="$(basename "$snn")"
  event="$("$here/spikebridge" simulate --snn "$snn" --data-dir "$data" --limit "$limit" \
    --timesteps "$steps" --out "$out/$name" 2>&1 | grep -o '([0-9]* image·steps/s)' | tr -dc '0-9')"
  torch="$("${PYTHON:-python3}" "$torch_sim" --snn "$snn" --data-dir "$data" --limit "$limit" --T "$steps" \
    "${batch[@]}" | head -1 | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["img_steps_per_s"]))')"
  echo "$name: event $event, torch-sim $torch image·steps/s, event/torch $(python3 -c "print(f'{$event/$torch:.2f}')")"
done
