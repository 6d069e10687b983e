#!/usr/bin/env bash
# Backups and restores of four site shapes against the raw pipelines they replace (issue 12):
#
#   bench/split-shapes.sh [--jar PATH] [--shapes "media text small db"] [--compression auto|gzip]
#                         [--db-mb N] [--no-restore] [--restore-to disk|tmpfs] [--bench-dir DIR]
#                         [--db-prefix P] [--keep]
#
# Needs root and the shared test environment already up (it does NOT run scripts/test-env.sh):
# the sshd on 127.0.0.1:2222 and its client key under /var/tmp/backup-batch-test, MariaDB on
# 127.0.0.1:3306 (root, no password) for the db shape. Generates once, and keeps, under
# --bench-dir (default /home/bbtest/wt-split-bench; made as root, then given to bbtest):
#   - media: a media-heavy WordPress, ~70 % of bytes already compressed: random-data .jpg
#     (300 KB and 20 KB thumbnails) and .mp4, one 40 MB video named .bin, 20k small text files;
#   - text:  PHP, JS and CSS only (~150 MB of code-like text);
#   - small: 100k files of 200 B - 2 KB;
#   - db:    DB-heavy: 300 small files and a database <db-prefix>db whose dump is --db-mb MB
#     (default 1024): posts of text and one BLOB row of 150 MB of random bytes (300 MB of hex in
#     the dump; a quarter of --db-mb below 600). The server's max_allowed_packet is raised to 1G
#     for the run and put back at the end.
# For each shape, raw and tool alternate: (a) ssh "tar czf - -C site ." > raw.tar.gz (and, for
# db, ssh "mysqldump ... | gzip" > raw.sql.gz), (b) java -Xmx64m -jar backup-batch.jar
# job=backup under /usr/bin/time -v; then, unless --no-restore, into an empty folder (on disk
# under the bench dir, or in /dev/shm with --restore-to tmpfs) and an empty database: (c) ssh
# "tar xzf - -C dir" < raw.tar.gz (and gzip -dc raw.sql.gz | ssh mysql), (d) java -Xmx64m -jar
# ... job=restore ... target=<shape>r. Prints wall times and ratios tool/raw, the tool's own steps
# (its summary's duration: JVM start excluded), its streamFiles step (from the manifest), both
# archive sizes and the growth, peak RSS, the time from the JVM's start to its first step, and
# the load; then each run's steps, timed from the log. Needs jq.
set -euo pipefail

JAR_ARG=
SHAPES="media text small db"
COMPRESSION=auto
KEEP=
DB_MB=1024
RESTORE=1
RESTORE_TO=disk
BENCH=/home/bbtest/wt-split-bench
DB_PREFIX=bb_shapes_
while [ $# -gt 0 ]; do
  case $1 in
    --jar) JAR_ARG=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    --compression) COMPRESSION=$2; shift 2 ;;
    --db-mb) DB_MB=$2; shift 2 ;;
    --no-restore) RESTORE=; shift ;;
    --restore-to) RESTORE_TO=$2; shift 2 ;;
    --bench-dir) BENCH=$2; shift 2 ;;
    --db-prefix) DB_PREFIX=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (it writes the shapes under /home/bbtest)" >&2; exit 2; }
[[ $DB_MB =~ ^[1-9][0-9]*$ ]] && [ "$DB_MB" -ge 40 ] || { echo "--db-mb needs a number >= 40, got '$DB_MB'" >&2; exit 2; }
case $RESTORE_TO in disk | tmpfs) ;; *) echo "--restore-to disk or tmpfs, got '$RESTORE_TO'" >&2; exit 2 ;; esac

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
JAR=${JAR_ARG:-$REPO_ROOT/target/backup-batch.jar}
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -B -q package -DskipTests" >&2; exit 2; }
BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts
DB=${DB_PREFIX}db
DB_USER=bb_wp
DB_PASSWORD=$(cat "$BB_TEST_DIR/db-password")
CNF_REMOTE=$BENCH/.bench.cnf

say() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"

WORK=$(mktemp -d /var/tmp/bb-split-bench.XXXXXX)
PACKET=
cleanup() {
  if [ -n "$PACKET" ]; then root_sql -e "SET GLOBAL max_allowed_packet = $PACKET" || true; fi
  if [ -z "$KEEP" ]; then rm -rf -- "$WORK"; else say "kept $WORK"; fi
}
trap cleanup EXIT
# measure a copy: a build during the run would replace the jar under the running JVM
cp -- "$JAR" "$WORK/backup-batch.jar" && JAR=$WORK/backup-batch.jar

ssh_bb() {
  ssh -F /dev/null -i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="$KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR -p 2222 bbtest@127.0.0.1 "$@"
}
root_sql() { mariadb -uroot -h127.0.0.1 "$@"; }

# make_shape NAME: generates the shape once (a .done marker holds the generator's version)
make_shape() {
  local dir=$BENCH/$1 spec="v1"
  if [ -f "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$spec" ]; then return; fi
  say "generating $1 in $dir"
  rm -rf -- "$dir"
  mkdir -p "$dir"
  if [ "$1" = db ]; then python3 "$SCRIPT_DIR/split-shapes.py" db-site "$dir"; else python3 "$SCRIPT_DIR/split-shapes.py" "$1" "$dir"; fi
  echo "$spec" > "$dir/.done"
  chown -R bbtest:bbtest "$BENCH"
}

# The db shape's database: text posts and one BLOB row; regenerated when its spec differs.
BLOB_MB=$((DB_MB >= 600 ? 150 : DB_MB / 4))
TEXT_MB=$((DB_MB - 2 * BLOB_MB))
make_db() {
  local spec="db-v1 text=${TEXT_MB}MB blob=${BLOB_MB}MB" marker=$BENCH/.db-$DB tables
  tables=$(root_sql -N -B -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB'")
  if [ "$tables" = 2 ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$spec" ]; then return; fi
  say "generating database $DB ($spec): once, this takes a while"
  root_sql -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4;
    GRANT ALL ON \`$DB\`.* TO '$DB_USER'@'localhost'"
  python3 "$SCRIPT_DIR/split-shapes.py" db-sql "$WORK/db.sql" "$TEXT_MB" "$BLOB_MB"
  root_sql --max-allowed-packet=1G "$DB" < "$WORK/db.sql"
  rm -f -- "$WORK/db.sql"
  echo "$spec" > "$marker"
}

# site_yaml NAME FOLDER [DATABASE]: a site file for the test account (password from the environment)
site_yaml() {
  printf 'site:\n  name: %s\n  app_type: custom\n' "$1"
  sshd_yaml "$KEY" "$KNOWN_HOSTS"
  cat <<YAML
files:
  remote_path: $2
  exclude_patterns: [".done"]
YAML
  if [ -n "${3:-}" ]; then
    printf 'database:\n  host: localhost\n  name: %s\n  user: %s\n  password: ${BB_BENCH_DB_PASSWORD}\n' "$3" "$DB_USER"
  fi
  printf 'backup:\n  destination: backups\n  compression: %s\n' "$COMPRESSION"
}

# steps LOG T0: "startup=<s> <step>=<s> ..." from the log's "step X of the Y job started" lines:
# the JVM's start (T0, epoch seconds) to the first step, then each step to the next one's start
# (two steps started together, the parallel streamFiles and dumpDatabase, share one figure) and the
# last to the last log line.
steps() {
  local t0_day
  t0_day=$(date -u -d "@$2" +%H:%M:%S.%N)
  awk -v t0="$t0_day" '
    function sec(hms,   a) { split(hms, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
    /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+ / { last = sec($1) }
    / step [A-Za-z]+ of the [a-z]+ job started/ {
      for (i = 1; i <= NF; i++) if ($i == "step") name = $(i + 1)
      t = sec($1)
      if (n > 0 && t - at[n] < 0.2) { names[n] = names[n] "|" name } else { n++; names[n] = name; at[n] = t }
    }
    END {
      if (n == 0) { print "no steps logged"; exit }
      printf "startup=%.1f", at[1] - sec(t0)
      for (i = 1; i <= n; i++) printf " %s=%.1f", names[i], (i < n ? at[i + 1] : last) - at[i]
      printf "\n"
    }' "$1"
}

restore_dir() { # SHAPE raw|tool: where a restore of the shape goes
  if [ "$RESTORE_TO" = tmpfs ]; then echo "/dev/shm/$(basename "$BENCH")-restore-$2-$1"; else echo "$BENCH/restore-$2-$1"; fi
}

if [[ " $SHAPES " == *" db "* ]]; then
  PACKET=$(root_sql -N -B -e "SELECT @@GLOBAL.max_allowed_packet")
  root_sql -e "SET GLOBAL max_allowed_packet = 1073741824"
  mkdir -p "$BENCH"
  # the raw pipelines' credentials, in the bench folder (owner-only, quoted for my.cnf rules)
  pw_cnf=${DB_PASSWORD//\\/\\\\}
  pw_cnf=${pw_cnf//\"/\\\"}
  (umask 077 && printf '[client]\nuser=%s\npassword="%s"\n' "$DB_USER" "$pw_cnf" > "$CNF_REMOTE")
  chown bbtest:bbtest "$BENCH" "$CNF_REMOTE"
fi

printf 'shape   raw_s  tool_s  ratio  steps_s  files_s  raw_MB  tool_MB  growth  rss_MB  start_s  exit | r_raw_s  r_tool_s  r_ratio  r_rss_MB  r_exit\n' > "$WORK/table"
: > "$WORK/steps"
for shape in $SHAPES; do
  make_shape "$shape"
  site=$BENCH/$shape
  db=
  if [ "$shape" = db ]; then make_db; db=$DB; fi
  home=$WORK/home-$shape
  mkdir -p "$home/jobs"
  site_yaml "$shape" "$site" "$db" > "$home/jobs/$shape.yaml"
  sync
  cat -- $(find "$site" -type f | head -n 2000) >/dev/null 2>&1 || true  # warm the page cache a little
  ssh_bb "tar cf - -C $site . " | cat > /dev/null                        # and all of it
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  rm -f -- "$WORK/raw-$shape.sql.gz"
  t0=$(now)
  ssh_bb "tar czf - -C $site ." > "$WORK/raw-$shape.tar.gz"
  if [ -n "$db" ]; then
    ssh_bb "set -o pipefail; mysqldump --defaults-file=$CNF_REMOTE --max-allowed-packet=1G --single-transaction \
      --quick --hex-blob $db | gzip" > "$WORK/raw-$shape.sql.gz"
  fi
  t1=$(now)
  raw_s=$(secs "$t0" "$t1")
  jar_t0=$(now)
  timed_jar "$WORK/tool-$shape" job=backup site="$shape" home="$home"
  tool_s=$T_SECS tool_exit=$T_EXIT tool_rss=$T_RSS_MB
  printf '%-6s backup  %s\n' "$shape" "$(steps "$WORK/tool-$shape.stderr" "$jar_t0")" >> "$WORK/steps"
  start_s=$(steps "$WORK/tool-$shape.stderr" "$jar_t0" | sed -n 's/^startup=\([0-9.]*\).*/\1/p')
  archive=$(find "$home/backups/$shape" -name '*.tar.gz' | head -n 1)
  raw_b=$(( $(stat -c %s "$WORK/raw-$shape.tar.gz") + $(stat -c %s "$WORK/raw-$shape.sql.gz" 2>/dev/null || echo 0) ))
  tool_b=$(stat -c %s "$archive" 2>/dev/null || echo 0)
  manifest=${archive%.tar.gz}.manifest.json
  files_s=$(jq -r '.steps.streamFiles.duration_ms / 1000' "$manifest" 2>/dev/null || echo "?")
  steps_s=$(printf '%s\n' "$T_LAST" | grep -o 'duration=[^ ]*' | cut -d= -f2)
  growth=$(awk -v a="$tool_b" -v b="$raw_b" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')
  say "$shape: load before $load; $(grep -o 'paths selected.*' "$WORK/tool-$shape.stderr" | head -n 1)"
  restore_cols="-        -         -        -         -"
  if [ -n "$RESTORE" ] && [ "$tool_exit" = 0 ]; then
    raw_dir=$(restore_dir "$shape" raw)
    tool_dir=$(restore_dir "$shape" tool)
    ssh_bb "rm -rf -- $raw_dir $tool_dir"
    if [ -n "$db" ]; then
      root_sql -e "DROP DATABASE IF EXISTS \`${DB_PREFIX}rraw\`; DROP DATABASE IF EXISTS \`${DB_PREFIX}rtool\`;
        CREATE DATABASE \`${DB_PREFIX}rraw\` CHARACTER SET utf8mb4; CREATE DATABASE \`${DB_PREFIX}rtool\` CHARACTER SET utf8mb4;
        GRANT ALL ON \`${DB_PREFIX}rraw\`.* TO '$DB_USER'@'localhost'; GRANT ALL ON \`${DB_PREFIX}rtool\`.* TO '$DB_USER'@'localhost'"
    fi
    site_yaml "${shape}r" "$tool_dir" "${db:+${DB_PREFIX}rtool}" > "$home/jobs/${shape}r.yaml"
    sync
    t0=$(now)
    ssh_bb "mkdir -p $raw_dir && tar xzf - -C $raw_dir" < "$WORK/raw-$shape.tar.gz"
    if [ -n "$db" ]; then
      gzip -dc "$WORK/raw-$shape.sql.gz" | ssh_bb "mysql --defaults-file=$CNF_REMOTE --max-allowed-packet=1G ${DB_PREFIX}rraw"
    fi
    t1=$(now)
    r_raw_s=$(secs "$t0" "$t1")
    sync
    jar_t0=$(now)
    timed_jar "$WORK/restore-$shape" job=restore site="$shape" backup=latest target="${shape}r" home="$home"
    printf '%-6s restore %s\n' "$shape" "$(steps "$WORK/restore-$shape.stderr" "$jar_t0")" >> "$WORK/steps"
    restore_cols=$(printf '%8s %9s %8s %9s %6s' "$r_raw_s" "$T_SECS" "$(div "$T_SECS" "$r_raw_s")" "$T_RSS_MB" "$T_EXIT")
    ssh_bb "rm -rf -- $raw_dir $tool_dir"
    [ -z "$db" ] || root_sql -e "DROP DATABASE \`${DB_PREFIX}rraw\`; DROP DATABASE \`${DB_PREFIX}rtool\`"
  fi
  printf '%-7s %6s %7s %6s %8s %8s %7s %8s %7s %7s %8s %5s | %s\n' "$shape" "$raw_s" "$tool_s" "$(div "$tool_s" "$raw_s")" \
    "$steps_s" "$files_s" "$(mb "$raw_b")" "$(mb "$tool_b")" "$growth" "$tool_rss" "$start_s" "$tool_exit" \
    "$restore_cols" >> "$WORK/table"
  rm -rf -- "$home/backups"
done
printf 'compression=%s  restore-to=%s  db=%s MB (blob %s MB)  cores=%s  load now %s\n' "$COMPRESSION" "$RESTORE_TO" \
  "$DB_MB" "$BLOB_MB" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/table"
echo "steps (seconds, from the log; startup = JVM start to the first step):"
cat "$WORK/steps"
