#!/usr/bin/env bash
# How long job=list (and job=validate) take for a site with 100 backups (target: under 2 s each).
#
#   bench/list-validate.sh [--backups N] [--runs R] [--jar PATH] [--keep]
#
#   --backups N  backups in the site's folder (default 100)
#   --runs R     timed runs of each command (default 3), each printed
#   --jar PATH   the jar to measure (default target/backup-batch.jar, built if missing)
#   --keep       keep the home folder for a look afterwards
#
# Needs no server: a home in a temporary folder with one local-transport site ("bench-list"),
# one real backup of a small tree (so the job repository holds a real run), then N-1 copies of
# that archive, manifest and .sha256 under other ids (the manifest's id rewritten to match, so each
# is a complete backup to job=list). Then job=list (table, then json) and job=validate (its checks
# of a local site: folder, destination, free space; no SSH nor database) are each timed R times with
# bench/lib.sh's timed_jar (-Xmx64m, peak RSS). Exits 1 if a run failed, 2 on bad usage.
set -euo pipefail

BACKUPS=100
RUNS=3
JAR_ARG=
KEEP=
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --backups) [ $# -ge 2 ] || { usage >&2; exit 2; }; BACKUPS=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; RUNS=$2; shift 2 ;;
    --jar) [ $# -ge 2 ] || { usage >&2; exit 2; }; JAR_ARG=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

say() { printf '[list-validate] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

JAR=${JAR_ARG:-$ROOT/target/backup-batch.jar}
if [ ! -f "$JAR" ]; then
  say "building $JAR"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-list.XXXXXX")
[ -n "$KEEP" ] || trap 'rm -rf "$WORK"' EXIT
HOME_DIR=$WORK/home
mkdir -p "$HOME_DIR/jobs" "$WORK/site/wp-content"
printf '<?php // bench\n' > "$WORK/site/index.php"
head -c 200000 /dev/urandom > "$WORK/site/wp-content/blob.bin"
printf 'site:\n  transport: local\nfiles:\n  remote_path: %s\nbackup:\n  destination: backups\n  retention_days: 100000\n' \
  "$WORK/site" > "$HOME_DIR/jobs/bench-list.yaml"

cd "$HOME_DIR"
timed_jar "$WORK/backup" job=backup site=bench-list
[ "$T_EXIT" = 0 ] || exit 1
say "backup: ${T_SECS}s: $T_LAST"
FOLDER=$HOME_DIR/backups/bench-list
BASE=$(cd "$FOLDER" && ls backup-bench-list-*.sha256 | head -n 1)
ID=${BASE#backup-bench-list-}
ID=${ID%.sha256}
say "copying backup $ID into $((BACKUPS - 1)) more ids"
for i in $(seq 1 $((BACKUPS - 1))); do
  NEW=$(date -u -d "2020-01-01 + $i days" +%Y%m%dT%H%M%SZ)
  for suffix in .tar.gz .manifest.json .sha256; do
    sed "s/$ID/$NEW/g" "$FOLDER/backup-bench-list-$ID$suffix" > "$FOLDER/backup-bench-list-$NEW$suffix" 2>/dev/null \
      || cp "$FOLDER/backup-bench-list-$ID$suffix" "$FOLDER/backup-bench-list-$NEW$suffix"
  done
  cp "$FOLDER/backup-bench-list-$ID.tar.gz" "$FOLDER/backup-bench-list-$NEW.tar.gz"  # bytes as made
done

FAILED=
bench_word() { # bench_word LABEL WORDS...: R timed runs
  local label=$1 r
  shift
  for r in $(seq 1 "$RUNS"); do
    timed_jar "$WORK/$label-$r" "$@"
    [ "$T_EXIT" = 0 ] || [ "$label" = usage-error ] || FAILED=1
    # CPU seconds (user + system) too: on a loaded machine the wall time mostly measures the others
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/$label-$r.time")
    printf '%-14s run %d: %5ss wall  %5ss cpu  peak RSS %4s MB  exit %s  %s\n' "$label" "$r" "$T_SECS" "$cpu" \
      "$T_RSS_MB" "$T_EXIT" "$T_LAST"
  done
}
echo "job=list of a site with $BACKUPS backups ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(java -version 2>&1 | head -n 1))"
bench_word usage-error job=none  # the floor: the JVM and the jar starting, nothing done (exit 2)
bench_word list-table job=list site=bench-list
bench_word list-json job=list site=bench-list format=json
# the same site: local transport and no database, so every check runs here without a server
bench_word validate job=validate site=bench-list
[ -z "$KEEP" ] || say "kept $WORK"
[ -z "$FAILED" ] || exit 1
