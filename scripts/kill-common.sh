# Shared by kill-at-every-rename.sh and kill-train-at-every-rename.sh (sourced, not run): runs a
# command under strace so that it is killed with SIGKILL just before its Nth rename.
# The caller sets: cmd (the command line, an array) and work (a scratch folder).

# Runs "${cmd[@]}" killed at rename number $1; the output goes to $work/log, the renames it made to
# $work/trace; sets `code` to its exit code (0: it completed before reaching that rename, 137: killed).
run_killed_at_rename() {
  code=0
  # in a subshell, which reports the kill into the log rather than on the terminal
  (
    strace -f -qq -o "$work/trace" -e trace=rename,renameat,renameat2 \
      -e inject=rename,renameat,renameat2:signal=SIGKILL:when=$1 "${cmd[@]}"
    exit $?
  ) >"$work/log" 2>&1 || code=$?
}

# Copies the last run's log to $1 and prints $1 (for an error message).
keep_log() {
  cp "$work/log" "$1"
  echo "$1"
}
