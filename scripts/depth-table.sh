#!/usr/bin/env bash
# Issue 18's depth experiment on the CPU: deep networks trained here on Fashion-MNIST zero-padded to
# 32×32, each through the demo's stages (ReLU twin; Rate Norm network fine-tuned from it; its twin
# quantized to 8 levels; stage 2 with the Rate Inference Loss: Eq. 6, clip-only, and from the
# quantized network), then `compare` with every method on TEST_LIMIT test images, and
# `report --depth` over them and cnn7: the run of the default `demo` (28×28 inputs, 4 + 1
# epochs, 4 methods, full test set, T = 128), made here unless CNN7_RUN names one.
# docs/depth.md has the figures it produced and its run time.
#
# Usage: scripts/depth-table.sh [OUT_DIR] [NETWORK...]
#   NETWORK is MODEL:WIDTH:EPOCHS (default: resnet20:0.5:5 vgg11:0.25:5)
#   env: FASHION_MNIST (folder of the four *-ubyte.gz files; default $SPIKEBRIDGE_DATA/fashion-mnist),
#        TEST_LIMIT (2000), TIMESTEPS (256), QUANTIZED_TIMESTEPS (64), FINE_TUNE_EPOCHS (1),
#        CNN7_RUN (a demo or compare run of cnn7)
# A killed run continues where it stopped when started again with the same OUT_DIR: each finished
# step leaves a marker file, and `train --resume` continues an interrupted training.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sb="${SPIKEBRIDGE:-$here/spikebridge}"
out="${1:-runs/depth}"
shift || true
networks=("$@")
[ ${#networks[@]} -gt 0 ] || networks=(resnet20:0.5:5 vgg11:0.25:5)
test_limit="${TEST_LIMIT:-2000}"
timesteps="${TIMESTEPS:-256}"
quantized_timesteps="${QUANTIZED_TIMESTEPS:-64}"
fine_tune_epochs="${FINE_TUNE_EPOCHS:-1}"
idx="${FASHION_MNIST:-${SPIKEBRIDGE_DATA:-$here/data}/fashion-mnist}"
# libtorch 2.7.1's oneDNN AVX-512 convolutions give NaN losses from the first batches for ResNet-20
# narrower than width 1 (docs/depth.md); its AVX2 kernels do not.
export DNNL_MAX_CPU_ISA="${DNNL_MAX_CPU_ISA:-AVX2}"
mkdir -p "$out"
data="$(cd "$out" && pwd)/fashion-mnist-32"

step() { # marker command...: runs the command unless the marker says it finished
  local marker="$1"; shift
  [ -f "$marker" ] && return 0
  local start=$SECONDS
  "$@" || return $?
  echo "$(( SECONDS - start ))" > "$marker"
}

train() { # folder args...: a new training, or --resume of one that was interrupted
  local dir="$1"; shift
  if [ -d "$dir" ]; then "$sb" train --out "$dir" --resume; else "$sb" train --out "$dir" "$@"; fi
}

tune() { # folder args...: stage 2, or --resume of one that was interrupted
  local dir="$1"; shift
  if [ -d "$dir" ]; then "$sb" tune --out "$dir" --resume; else "$sb" tune --out "$dir" "$@"; fi
}

step "$out/.done-data" python3 "$here/scripts/fashion-mnist-32.py" "$idx" "$data"
runs=()
for spec in "${networks[@]}"; do
  IFS=: read -r model width epochs <<< "$spec"
  name="$model-w$width"
  d="$out/$name"
  mkdir -p "$d"
  net=(--model "$model" --width "$width" --dataset "npy:$data" --seed 1)
  step "$d/.done-relu" train "$d/relu" "${net[@]}" --activation relu --epochs "$epochs"
  step "$d/.done-rnl" train "$d/rnl" "${net[@]}" --activation rnl --init-from "$d/relu" --epochs "$fine_tune_epochs" --lr 0.001
  step "$d/.done-rnl-q8" train "$d/rnl-q8" "${net[@]}" --activation rnl --init-from "$d/relu" --epochs "$fine_tune_epochs" \
    --lr 0.001 --levels 8 --spike-penalty 0.1
  step "$d/.done-tune" tune "$d/tune" --checkpoint "$d/rnl" --lr 0.003
  # clip-only folds p into the layers that read a Rate Norm Layer, which a residual sum is not
  clip=(--checkpoint "$d/tune-clip")
  clip_method=rnl+ril-clip,
  if ! step "$d/.done-tune-clip" tune "$d/tune-clip" --checkpoint "$d/rnl" --clip-only --lr 0.01; then
    echo "depth-table: rnl+ril-clip left out for $name (tune refused it, above)" >&2
    clip=()
    clip_method=
  fi
  step "$d/.done-tune-q8" tune "$d/tune-q8" --checkpoint "$d/rnl-q8"
  step "$d/.done-compare" "$sb" compare --checkpoint "$d/relu" --checkpoint "$d/rnl" --checkpoint "$d/tune" \
    "${clip[@]}" --checkpoint "$d/rnl-q8" --checkpoint "$d/tune-q8" \
    --methods "rnl,rnl+ril,${clip_method}rnl-q8,rnl+ril-q8,maxnorm,robustnorm,scaled" \
    --timesteps "$timesteps" --timesteps-of "rnl-q8=$quantized_timesteps,rnl+ril-q8=$quantized_timesteps" \
    --test-limit "$test_limit" --out "$d/$name"
  runs+=("$d/$name")
done
cnn7="${CNN7_RUN:-$out/cnn7}"
[ -n "${CNN7_RUN:-}" ] || step "$out/.done-cnn7" "$sb" demo --out "$cnn7"
rm -rf "$out/depth"
"$sb" report --depth --out "$out/depth" "$cnn7" "${runs[@]}"
for marker in "$out"/.done-* "$out"/*/.done-*; do echo "$marker: $(cat "$marker") s"; done
