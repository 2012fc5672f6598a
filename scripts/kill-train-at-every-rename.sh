#!/usr/bin/env bash
# Kills `spikebridge train` with SIGKILL just before its 1st rename, then just before its 2nd, and
# so on until a run completes without reaching the next one. After every kill it continues the run
# with `train --out OUT --resume`, with no cleaning in between (a kill before the first complete
# checkpoint leaves nothing to resume: --resume says so, and the same command line starts over in
# the folder), and checks that the run ends with the files of an uninterrupted run of the same
# command line: the same metrics.jsonl (but the timings), best.json, checkpoints/latest.json and
# weights of those two checkpoints, and nothing of the killed run (.*.tmp, .*.partial-*) left.
# See docs/reliability.md.
#
# Usage: scripts/kill-train-at-every-rename.sh SPIKEBRIDGE train OPTIONS... --out FOLDER
#   e.g. scripts/kill-train-at-every-rename.sh ./spikebridge train --epochs 2 --train-limit 1000 \
#          --validation-size 200 --batch-size 100 --out runs/kill/train
# Needs strace (syscall fault injection, version 4.16 or later).
set -euo pipefail
# shellcheck source=kill-common.sh
source "$(dirname "$0")/kill-common.sh"

die() {
  echo "kill-train-at-every-rename: $*" >&2
  exit 1
}

[ $# -ge 4 ] && [ "$2" = train ] || die "usage: $0 SPIKEBRIDGE train OPTIONS... --out FOLDER"
command -v strace >/dev/null || die "strace is needed (e.g. apt-get install strace)"
cmd=("$@")
launcher="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
straight="$work/straight"
out=""
uninterrupted=()
for ((i = 0; i < ${#cmd[@]}; i++)); do
  uninterrupted+=("${cmd[i]}")
  if [ "${cmd[i]}" = --out ]; then
    out="${cmd[i + 1]:-}"
    uninterrupted+=("$straight")
    i=$((i + 1))
  fi
done
[ -n "$out" ] || die "the command must name its output folder with --out FOLDER"
out="${out%/}"


# The epoch folder a pointer file names.
pointed() {
  grep -oE 'epoch-[0-9]+' "$1"
}

# The run in $out ended as the uninterrupted one and left nothing of a killed run.
same_as_uninterrupted() {
  local what="$1" pointer
  cmp -s <(sed -E 's/,"seconds".*//' "$straight/metrics.jsonl") \
    <(sed -E 's/,"seconds".*//' "$out/metrics.jsonl") \
    || die "$what: metrics.jsonl differs from the uninterrupted run's"
  for pointer in best.json checkpoints/latest.json; do
    cmp -s "$straight/$pointer" "$out/$pointer" || die "$what: $pointer differs from the uninterrupted run's"
    cmp -s "$straight/checkpoints/$(pointed "$straight/$pointer")/weights.safetensors" \
      "$out/checkpoints/$(pointed "$out/$pointer")/weights.safetensors" \
      || die "$what: the weights $pointer names differ from the uninterrupted run's"
  done
  local left
  left="$(find "$out" -name '.*' -print)"
  [ -z "$left" ] || die "$what: left behind: $left"
}

echo "command: ${cmd[*]}"
"${uninterrupted[@]}" >"$work/log" 2>&1 \
  || die "the command fails without any kill (log: $(keep_log "$(dirname "$out")/kill-first.log"))"

n=1
while :; do
  rm -rf -- "$out"
  run_killed_at_rename "$n"
  if [ $code -eq 0 ]; then
    break
  fi
  [ $code -eq 137 ] || die "run $n ended with exit code $code, not by the kill (log: $(keep_log "$(dirname "$out")/kill-$n.log"))"
  # the rename it was killed at: its two paths, relative to the run folder
  killed_at="$(grep -E 'rename(at2?)?\(' "$work/trace" | tail -n 1 | grep -oE '"[^"]*"' | tr -d '"' \
    | sed -E "s|^(.*/)?$(basename "$out")/||" | paste -sd ' ' | sed 's/ / -> /')"
  left="$(find "$out" -name '.*' -prune -print 2>/dev/null | sed "s|^$out/||" | paste -sd ' ')"
  if "$launcher" train --out "$out" --resume >"$work/log" 2>&1; then
    how="train --resume"
  elif grep -q "no complete checkpoint" "$work/log"; then
    "${cmd[@]}" >"$work/log" 2>&1 || die "the command after the kill at rename $n failed (log: $(keep_log "$(dirname "$out")/rerun-$n.log"))"
    how="--resume found no checkpoint; the command line again"
  else
    die "train --resume after the kill at rename $n failed (log: $(keep_log "$(dirname "$out")/resume-$n.log"))"
  fi
  same_as_uninterrupted "after the kill at rename $n"
  echo "rename $n: killed before $killed_at"
  echo "  it left: ${left:-nothing}; $how ended as the uninterrupted run, nothing left"
  n=$((n + 1))
done
same_as_uninterrupted "run $n"
echo "run $n reached no rename $n and completed: $((n - 1)) rename points, every kill recovered"
