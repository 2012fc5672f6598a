#!/usr/bin/env bash
# Reproduces a Table-2 style comparison for VGG-16 on CIFAR-10 (Ding et al., IJCAI-21): trains the
# ReLU twin and the Rate Norm network (stage 1), tunes the threshold scale (stage 2, Rate Inference
# Loss), converts with every method, simulates each SNN and writes runs/table2/report.md with the
# accuracy at T = 16 … 256 and the ANN's. Needs a CUDA GPU (see the README's 'GPU' section) and the
# CIFAR-10 binary files (cifar-10-batches-bin, found as the README's 'Where datasets are looked
# for' says); on a CPU it runs, but for days. Not run in CI.
#
# Usage: scripts/reproduce-table2.sh [OUT_DIR] [EPOCHS]     (defaults: runs/table2, 200)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sb="$here/spikebridge"
out="${1:-runs/table2}"
epochs="${2:-200}"
device="${DEVICE:-gpu}"
mkdir -p "$out"

common=(--model vgg16 --dataset cifar-10 --epochs "$epochs" --device "$device" --seed 1)
[ -d "$out/relu" ] || "$sb" train "${common[@]}" --activation relu --out "$out/relu"
[ -d "$out/rnl" ] || "$sb" train "${common[@]}" --activation rnl --out "$out/rnl"
# λ = 0.1 as in the authors' own VGG-16 command
[ -d "$out/ril" ] || "$sb" tune --checkpoint "$out/rnl" --lambda 0.1 --init 3 --epochs 1 \
  --device "$device" --out "$out/ril"

convert() { # name checkpoint method
  [ -d "$out/snn-$1" ] || "$sb" convert --checkpoint "$2" --method "$3" --dataset cifar-10 --out "$out/snn-$1"
  [ -d "$out/sim-$1" ] || "$sb" simulate --snn "$out/snn-$1" --dataset cifar-10 --timesteps 256 \
    --engine dense --device "$device" --out "$out/sim-$1"
}
convert rnl "$out/rnl" rnl
convert rnl-ril "$out/ril" rnl
for m in maxnorm robustnorm scaled channelnorm; do
  convert "$m" "$out/relu" "$m"
done

python3 - "$out" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
steps = [16, 32, 64, 128, 256]
rows = []
for name in ["rnl", "rnl-ril", "maxnorm", "robustnorm", "scaled", "channelnorm"]:
    sim = os.path.join(out, "sim-" + name)
    with open(os.path.join(sim, "metrics.json")) as f:
        metrics = json.load(f)
    with open(os.path.join(sim, "curves.csv")) as f:
        acc = {int(r["t"]): float(r["accuracy"]) for r in csv.DictReader(f)}
    rows.append("| %s | %.2f | %s |" % (name, metrics["annAccuracy"],
                                        " | ".join("%.2f" % acc[t] for t in steps)))
with open(os.path.join(out, "report.md"), "w") as f:
    f.write("# VGG-16 on CIFAR-10: test accuracy (%) of the SNN after T steps\n\n")
    f.write("| method | ANN | " + " | ".join("T=%d" % t for t in steps) + " |\n")
    f.write("| --- | --- | " + " | ".join("---" for _ in steps) + " |\n")
    f.write("\n".join(rows) + "\n")
print("written " + os.path.join(out, "report.md"))
PY
