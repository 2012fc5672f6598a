#!/usr/bin/env bash
# Kills a spikebridge command (one that writes --out) with SIGKILL just before its 1st rename, then
# just before its 2nd, and so on until a run completes without reaching the next one. After every
# kill it checks that --out does not exist (it is never half-written), runs the same command again
# with no cleaning in between, and checks that the rerun succeeds, that its output validates, and
# that nothing of the killed run (.<out>.partial, .*.partial, .*.tmp) remains. See docs/reliability.md.
# `report RUN_DIR` without --out re-renders a run in place: there the check after a kill is that
# report.md and every plot it links to exist.
#
# Usage: scripts/kill-at-every-rename.sh [--check 'SHELL COMMAND'] SPIKEBRIDGE_COMMAND...
#   e.g. scripts/kill-at-every-rename.sh ./spikebridge convert --checkpoint runs/tiny --out runs/kill/snn
#        scripts/kill-at-every-rename.sh ./spikebridge report runs/kill/compare
#
# The default check reads the output back with the command line itself: a network folder
# (network.json) is simulated on 10 test images for 2 steps, a simulate, compare or report output
# (metrics.json, results.json) is rendered with `report --out`. --check replaces it by any shell
# command, which gets the output folder as $1 and must exit with 0.
# Needs strace (syscall fault injection, version 4.16 or later).
set -euo pipefail
# shellcheck source=kill-common.sh
source "$(dirname "$0")/kill-common.sh"

die() {
  echo "kill-at-every-rename: $*" >&2
  exit 1
}

check=""
if [ "${1:-}" = "--check" ]; then
  [ $# -ge 2 ] || die "--check needs a shell command"
  check="$2"
  shift 2
fi
[ $# -ge 2 ] || die "usage: $0 [--check 'SHELL COMMAND'] SPIKEBRIDGE_COMMAND... (with --out FOLDER)"
command -v strace >/dev/null || die "strace is needed (e.g. apt-get install strace)"
cmd=("$@")
launcher="${cmd[0]}"

out=""
data=()
for ((i = 0; i < ${#cmd[@]}; i++)); do
  case "${cmd[i]}" in
    --out) out="${cmd[i + 1]:-}" ;;
    --out=*) out="${cmd[i]#--out=}" ;;
    --dataset | --data-dir) data+=("${cmd[i]}" "${cmd[i + 1]:-}") ;;
    --dataset=* | --data-dir=*) data+=("${cmd[i]}") ;;
  esac
done
in_place=""
if [ -z "$out" ] && [ "${cmd[1]}" = report ] && [ ${#cmd[@]} -eq 3 ]; then
  in_place=1
  out="${cmd[2]}"
  [ -f "$out/report.md" ] || die "$out: expected a rendered run (report.md) to render again in place"
fi
[ -n "$out" ] || die "the command must name its output folder with --out (or be report RUN_DIR)"
out="${out%/}"
parent="$(dirname "$out")"
name="$(basename "$out")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What a killed run may leave: staging folders and temporary files.
leftovers() {
  find "$parent" -maxdepth 1 -name ".$name.partial" -print
  if [ -d "$out" ]; then
    find "$out" \( -name '.*.tmp' -o -name '.*.partial' \) -prune -print
  fi
}

# What a killed run left: its staging folders and temporary files, how many files in all, and the
# temporary ones among them (their random digits shown as N).
describe_leftovers() {
  local roots files temporary
  roots="$(leftovers | paste -sd ' ')"
  if [ -z "$roots" ]; then
    echo "nothing"
    return
  fi
  files="$(leftovers | tr '\n' '\0' | xargs -0 -I{} find {} -type f | sort)"
  temporary="$(grep -E '/\.[^/]+\.[0-9]+\.tmp$' <<<"$files" | sed -E 's|.*/||; s/\.[0-9]+\.tmp$/.N.tmp/' | paste -sd ' ')"
  local count
  count="$(grep -c . <<<"$files")"
  echo "$roots ($count file$([ "$count" = 1 ] || echo s)${temporary:+, among them $temporary})"
}

# What a killed run must leave at --out: nothing, or for an in-place report, report.md and every
# plot it links to.
check_killed_state() {
  if [ -z "$in_place" ]; then
    [ ! -e "$out" ] || die "killed before rename $n ($killed_at), yet $out exists"
    return
  fi
  [ -s "$out/report.md" ] || die "killed before rename $n ($killed_at): $out/report.md is missing"
  local link
  for link in $(grep -oE '\]\(plots/[^)]+\)' "$out/report.md" | sed -E 's/^\]\(//; s/\)$//'); do
    [ -s "$out/$link" ] || die "killed before rename $n ($killed_at): report.md links to $link, which is missing"
  done
}

validate() {
  local dir="$work/check-$1"
  if [ -n "$check" ]; then
    bash -c "$check" check "$out"
  elif [ -f "$out/network.json" ]; then
    "$launcher" simulate --snn "$out" ${data[@]+"${data[@]}"} --limit 10 --timesteps 2 --out "$dir"
  elif [ -f "$out/results.json" ] || [ -f "$out/metrics.json" ]; then
    "$launcher" report "$out" --out "$dir"
  else
    echo "no network.json, metrics.json or results.json in $out" >&2
    return 1
  fi
}

# A run that succeeded: its output validates and nothing else is left.
require_clean_output() {
  local what="$1" log="$2"
  validate "$what" >>"$log" 2>&1 || die "$what: $out does not validate (log: $log)"
  local left
  left="$(leftovers)"
  [ -z "$left" ] || die "$what: left behind: $left"
}


# Every round starts afresh: without the previous round's complete output (unless in place).
reset() {
  [ -n "$in_place" ] || rm -rf -- "$out"
}

echo "command: ${cmd[*]}"
reset
"${cmd[@]}" >"$work/log" 2>&1 || die "the command fails without any kill (log: $(keep_log "$parent/kill-first.log"))"
require_clean_output "unkilled run" "$work/log"

n=1
while :; do
  reset
  run_killed_at_rename "$n"
  if [ $code -eq 0 ]; then
    break
  fi
  [ $code -eq 137 ] || die "run $n ended with exit code $code, not by the kill (log: $(keep_log "$parent/kill-$n.log"))"
  # the rename it was killed at: its two paths, relative to the working folder
  killed_at="$(grep -E 'rename(at2?)?\(' "$work/trace" | tail -n 1 | grep -oE '"[^"]*"' | tr -d '"' \
    | sed "s|^$PWD/||" | paste -sd ' ' | sed 's/ / -> /')"
  check_killed_state
  left="$(describe_leftovers)"
  "${cmd[@]}" >"$work/log" 2>&1 || die "rerun after the kill at rename $n failed (log: $(keep_log "$parent/rerun-$n.log"))"
  require_clean_output "rerun after the kill at rename $n" "$work/log"
  echo "rename $n: killed before $killed_at"
  echo "  it left $left; the rerun succeeded, its output validated, nothing left"
  n=$((n + 1))
done
require_clean_output "run $n" "$work/log"
echo "run $n reached no rename $n and completed: $((n - 1)) rename points, every kill recovered"
