#!/usr/bin/env bash
# Runs `spikebridge simulate` several times under JVM flags that make JDK 17's compiler fail more
# often to turn the Vector API into vector instructions (by default -XX:-TieredCompilation: C2
# compiles from the interpreter's profiles alone), and counts each run's young collections. A run
# whose kernels were not intrinsified allocates an object per vector operation: tens of young
# collections where a sound run has about ten. Use it after changing a Vector API kernel.
# Usage: scripts/jit-trap-check.sh SNN_DIR DATA_DIR [RUNS] (env LIMIT=2500 T=256,
# TRAP_JAVA_OPTS="-XX:-TieredCompilation" and, say, "-XX:-TieredCompilation -XX:UseAVX=2" for the
# 256-bit registers an AVX2 machine uses). For benchmarks, not CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
snn="$1"; data="$2"; runs="${3:-10}"
limit="${LIMIT:-2500}"; steps="${T:-256}"
opts="${TRAP_JAVA_OPTS:--XX:-TieredCompilation}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
trapped=0
for k in $(seq 1 "$runs"); do
  if ! SPIKEBRIDGE_JAVA_OPTS="$opts -Xlog:gc:file=$out/gc.log" "$here/spikebridge" simulate \
    --snn "$snn" --data-dir "$data" --limit "$limit" --timesteps "$steps" --out "$out/run$k" \
    > "$out/log" 2>&1; then
    tail -5 "$out/log" >&2
    exit 1
  fi
  speed="$(grep -o '([0-9]* image·steps/s)' "$out/log" | tr -dc '0-9')"
  young="$(grep -c 'Pause Young' "$out/gc.log" || true)"
  verdict=sound
  if [ "$young" -gt 30 ]; then verdict=TRAPPED; trapped=$((trapped + 1)); fi
  echo "run $k: $young young collections, $speed image·steps/s, $verdict"
done
echo "trapped in $trapped of $runs runs ($opts)"
