#!/usr/bin/env bash
# Startup time of a backup: from process start to the log line "step validate of the backup job
# started" (backup/StopAwareTasklet), at -Xmx64m: wall time and the CPU time (user+sys) the JVM
# has used by then (less sensitive than wall time to what else the machine is doing); then the
# validate step's own time (from its start to the start of the next step, from the log lines'
# times). Median of N runs (default 5); the machine's load average is printed beside it. One more
# run counts the classes loaded by the first step (-Xlog:class+load; not timed).
#   [JAVA_OPTS=...] bench/startup.sh <home> <site> [runs] [jar]   (JAVA_OPTS: to try what a wrapper may add)
# The runs complete (the site's backups land in <home> as usual): nothing is left to resume.
set -euo pipefail
home=$1 site=$2 runs=${3:-5}
jar=$(readlink -f "${4:-$(dirname "$0")/../target/backup-batch.jar}")
tick=$(getconf CLK_TCK)
fifo=$(mktemp -u) && mkfifo "$fifo"
classes=$(mktemp)
trap 'rm -f "$fifo" "$classes"' EXIT
walls=() cpus=() validates=()
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ms_of_day() { awk '{ split($1, t, ":"); printf "%d", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }' <<<"$1"; }
for _ in $(seq "$runs"); do
  t0=$(date +%s%N)
  (cd "$home" && exec java -Xmx64m ${JAVA_OPTS:-} -jar "$jar" job=backup site="$site" 2>"$fifo" >/dev/null) &
  pid=$!
  wall=NA cpu=NA validate=NA started=
  while IFS= read -r line; do
    case $line in
      *"step validate of the backup job started"*)
        wall=$(( ($(date +%s%N) - t0) / 1000000 ))
        cpu=$(awk -v t="$tick" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$pid/stat" 2>/dev/null || echo NA)
        started=$(ms_of_day "$line");;
      *"step "*" of the backup job started"*)
        if [ -n "$started" ] && [ "$validate" = NA ]; then validate=$(( $(ms_of_day "$line") - started )); fi;;
    esac
  done <"$fifo"
  wait "$pid" || true
  walls+=("$wall") cpus+=("$cpu") validates+=("$validate")
done
count=NA
(cd "$home" && exec java -Xmx64m ${JAVA_OPTS:-} -Xlog:class+load:file="$classes" -jar "$jar" job=backup site="$site" \
  2>"$fifo" >/dev/null) &
pid=$!
while IFS= read -r line; do
  case $line in *"step validate of the backup job started"*) count=$(wc -l <"$classes");; esac
done <"$fifo"
wait "$pid" || true
echo "startup to step validate, ms: wall median=$(median "${walls[@]}") (${walls[*]})" \
  "cpu median=$(median "${cpus[@]}") (${cpus[*]}) classes=$count;" \
  "validate step, ms: median=$(median "${validates[@]}") (${validates[*]})" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg) cores=$(nproc)"
