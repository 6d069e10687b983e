#!/usr/bin/env bash
# One run of the jar at -Xmx64m in <home>: its time, exit code and peak RSS (e.g. a backup and a
# restore of a database with a 150 MB row, as LargeRowIT makes).
#   bench/rss.sh <home> job=backup site=big
#   bench/rss.sh <home> job=restore site=big backup=latest parts=db confirm=yes
# The site's database password, if it has ${BB_BENCH_DB_PASSWORD}, comes from DB_PASSWORD.
set -euo pipefail
say() { printf '[rss] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/backup-batch.jar}
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
home=$(cd "$1" && pwd)
shift
out=$(mktemp -d)
(cd "$home" && timed_jar "$out/run" "$@"
 echo "$* secs=$T_SECS exit=$T_EXIT peak_rss_mb=$T_RSS_MB heap=-Xmx64m")
echo "last line: $(grep -v '^[[:space:]]*$' "$out/run.stdout" | tail -n 1)"
rm -rf "$out"
