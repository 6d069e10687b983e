#!/usr/bin/env bash
# What database.incremental: tables moves, against a whole dump each night.
#
#   bench/incremental-db.sh [--mb N] [--jar PATH] [--keep]
#
#   --mb N      size of the static table, in MiB of text (default 100)
#   --jar PATH  the jar to measure (default target/backup-batch.jar; build it first)
#   --keep      keep the work folder (tool output, archives) for a look afterwards
#
# Needs root and the test environment already running (scripts/test-env.sh up: sshd on 2222 and
# MariaDB); it does not start it. Makes the database bbincdb_bench: wp_posts, N MiB of text
# that stays as it is (old revisions: per row 3 KiB of random bytes in base64 and 5 KiB of
# repeated words, so that it compresses about 3:1 like text), and wp_options, a few rows that change every night.
# Then, back to back, each a backup of the same site (java -Xmx64m, under /usr/bin/time):
#   (a) database.incremental: none, the whole dump;
#   (b) tables, first night: no reference, every table sent;
#   (c) tables, after one row of wp_options changed: only wp_options is sent;
#   (d) tables, nothing changed.
# Prints for each: the dump's bytes moved over SSH (compressed; (a): the database member),
# the bytes copied from the last backup, the share of (a), wall time and the jar's CPU time
# (user+sys; the host's mysqldump runs are not in it), and the load average.
set -euo pipefail

MB=100
JAR_ARG=
KEEP=
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --mb) [ $# -ge 2 ] || { usage >&2; exit 2; }; MB=$2; shift 2 ;;
    --jar) [ $# -ge 2 ] || { usage >&2; exit 2; }; JAR_ARG=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $MB =~ ^[1-9][0-9]*$ ]] || { echo "--mb needs a positive integer, got '$MB'" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"
JAR=${JAR_ARG:-$REPO_ROOT/target/backup-batch.jar}
[[ $JAR == /* ]] || JAR=$PWD/$JAR
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -o package -DskipTests" >&2; exit 2; }
BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
[ -f "$BB_TEST_DIR/db-password" ] || { echo "no test environment in $BB_TEST_DIR: scripts/test-env.sh up" >&2; exit 2; }
DB=bbincdb_bench
SITE=/home/bbtest/incdb-bench-site

say() { printf '[bench] %s\n' "$*" >&2; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f%%", 100 * a / b; else print "n/a" }'; }

WORK=$(mktemp -d /var/tmp/incdb-bench.XXXXXX)
cleanup() { if [ -z "$KEEP" ]; then rm -rf -- "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT

say "database $DB: wp_posts ${MB} MiB, wp_options"
mariadb -uroot -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`;
  GRANT ALL ON \`$DB\`.* TO 'bb_wp'@'localhost';
  USE \`$DB\`;
  CREATE TABLE wp_posts (ID BIGINT PRIMARY KEY, post_content LONGTEXT);
  CREATE TABLE wp_options (option_id INT PRIMARY KEY, option_name VARCHAR(64), option_value TEXT);
  INSERT INTO wp_options VALUES (1, 'siteurl', 'https://bench.example.test'), (2, 'cron', '0');
  INSERT INTO wp_posts SELECT seq, CONCAT(TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
      TO_BASE64(RANDOM_BYTES(1024)), REPEAT(CONCAT('a revision of post ', seq, ', '), 200))
    FROM seq_1_to_$((MB * 1048576 / 9000));"
install -d -o bbtest -g bbtest "$SITE"
printf 'bench\n' > "$SITE/index.php" && chown bbtest:bbtest "$SITE/index.php"

site_yaml() { # $1: none|tables
  printf 'site:\n  app_type: custom\n'
  sshd_yaml "$BB_TEST_DIR/client/id_ed25519" "$BB_TEST_DIR/client/known_hosts"
  cat <<EOF
files:
  remote_path: $SITE
database:
  host: localhost
  name: $DB
  user: bb_wp
  password: \${BB_BENCH_DB_PASSWORD}
  incremental: $1
backup:
  destination: backups
EOF
}

# night LABEL MODE: one backup; prints its line
night() {
  local label=$1 mode=$2 home=$WORK/home-$2
  mkdir -p "$home/jobs"
  site_yaml "$mode" > "$home/jobs/bench.yaml"
  local t0 t1
  t0=$(date +%s.%N)
  (cd "$home" && BB_BENCH_DB_PASSWORD=$(cat "$BB_TEST_DIR/db-password") /usr/bin/time -f '%U %S' -o "$WORK/$label.time" \
    java -Xmx64m -jar "$JAR" job=backup site=bench >"$WORK/$label.out" 2>"$WORK/$label.err") \
    || { tail -n 20 "$WORK/$label.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  local manifest
  manifest=$(ls "$home"/backups/bench/backup-bench-*.manifest.json | tail -n 1)
  python3 - "$manifest" "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" \
    "$(awk '{ printf "%.1f", $1 + $2 }' "$WORK/$label.time")" "${WHOLE:-0}" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
d = m["database"]
whole = next(x["length"] for x in m["members"] if x["name"] == "database")
moved = d.get("transferred_bytes", whole)
reused = d.get("reused_bytes", 0)
base = int(sys.argv[5]) or moved
print(f"{sys.argv[2]:<34} moved {moved:>10} B = {moved / 1048576:8.3f} MiB ({100 * moved / base:7.3f}% of whole)  "
      f"reused {reused / 1048576:8.3f} MiB  dump {d['bytes'] / 1048576:7.1f} MiB  wall {sys.argv[3]:>6}s  "
      f"cpu {sys.argv[4]:>6}s  sections {len(d.get('sections') or [])}")
print(moved, file=open(sys.argv[1] + ".moved", "w"))
PY
}

say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
night "(a) none" none
WHOLE=$(cat "$(ls "$WORK"/home-none/backups/bench/*.manifest.json | tail -n 1).moved")
night "(b) tables, first night" tables
sleep 1
mariadb -uroot -e "UPDATE \`$DB\`.wp_options SET option_value = '$(date +%s)' WHERE option_name = 'cron'"
night "(c) tables, wp_options changed" tables
sleep 1
night "(d) tables, nothing changed" tables
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
mariadb -uroot -e "DROP DATABASE IF EXISTS \`$DB\`; REVOKE ALL PRIVILEGES ON \`$DB\`.* FROM 'bb_wp'@'localhost'"
rm -rf -- "$SITE"
