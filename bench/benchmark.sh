#!/usr/bin/env bash
# Performance check of the backup job against the raw tools it wraps.
#
#   bench/benchmark.sh [--runs N] [--baseline-only] [--no-restore] [--jar PATH] [--keep]
#
#   --runs N         repeat baseline + tool N times (default 1), each run printed
#   --baseline-only  measure the raw tools only (no jar needed)
#   --no-restore     measure the backup only
#   --jar PATH       the jar to measure (default target/backup-batch.jar, built if missing)
#   --keep           keep the work folder (tool stdout/stderr, archive) for a look afterwards
#
# Needs root (it runs scripts/test-env.sh up). Generates once, and keeps:
#   - /home/bbtest/bench-site: ~1 GB, half incompressible (50 x 10 MiB from /dev/urandom),
#     half compressible text (a few thousand 100 KB - 2 MB files in nested folders);
#   - database bb_bench: a WordPress-like wp_posts of ~200 MB of text.
# Both are regenerated when their recorded sizes or their generator version differ.
#
# Then, for each run, back to back, with the data in the page cache:
#   (a) baseline: ssh "tar czf - -C site ." > f.tar.gz, then ssh "mysqldump ... | gzip" > d.sql.gz
#   (b) the tool: java -Xmx64m -jar target/backup-batch.jar job=backup site=bench home=<tmp>,
#       under /usr/bin/time -v (peak RSS).
# Then the restore, into an empty folder and an empty database, back to back:
#   (c) raw: ssh "tar xzf - -C dir" < f.tar.gz, then gzip -dc d.sql.gz | ssh "mysql ..."
#   (d) the tool: java -Xmx64m -jar ... job=restore site=bench backup=latest target=benchr
#       (verify, plan, files, database with DEFINERs rewritten, check), under /usr/bin/time -v.
# Prints times, ratio tool/baseline (target <= 1.2), throughputs (source bytes = site bytes +
# uncompressed dump bytes), peak RSS, exit code, the tool's summary line and archive sizes.
# Exits 1 if the tool failed (or could not be built/run), 2 on bad usage.
set -euo pipefail

RUNS=1
JAR_ARG=
BASELINE_ONLY=
RESTORE=1
KEEP=
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) [ $# -ge 2 ] || { usage >&2; exit 2; }; RUNS=$2; shift 2 ;;
    --runs=*) RUNS=${1#--runs=}; shift ;;
    --baseline-only) BASELINE_ONLY=1; shift ;;
    --no-restore) RESTORE=; shift ;;
    --jar) [ $# -ge 2 ] || { usage >&2; exit 2; }; JAR_ARG=$2; shift 2 ;;
    --jar=*) JAR_ARG=${1#--jar=}; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive integer, got '$RUNS'" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (it sets up the test environment)" >&2; exit 2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
DEFAULT_JAR=$REPO_ROOT/target/backup-batch.jar
JAR=${JAR_ARG:-$DEFAULT_JAR}
[[ $JAR == /* ]] || JAR=$PWD/$JAR

export BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
SSH_PORT=${BB_TEST_SSH_PORT:-2222}
TEST_USER=bbtest
TEST_HOME=/home/bbtest
SITE=$TEST_HOME/bench-site
SITE_MANIFEST=$TEST_HOME/.bench-site.manifest
CNF_REMOTE=$TEST_HOME/.bb-bench.cnf
DB=bb_bench
DB_USER=bb_wp
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts

# Generator versions: change one to force a regeneration.
SITE_SPEC="site-v1 random=50x10MiB text=500MiB"
DB_SPEC="db-v1 seed=800x4KiB doublings=6"

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

WORK=$(mktemp -d /var/tmp/bb-bench.XXXXXX)
cleanup() { if [ -z "$KEEP" ]; then rm -rf -- "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT

# ------------------------------------------------------------------ environment
say "scripts/test-env.sh up"
"$REPO_ROOT/scripts/test-env.sh" up >"$WORK/test-env.out" || { cat "$WORK/test-env.out"; die "test-env.sh up failed"; }
DB_PASSWORD=$(cat "$BB_TEST_DIR/db-password")

ssh_bb() {
  ssh -F /dev/null -i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$KNOWN_HOSTS" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o LogLevel=ERROR -p "$SSH_PORT" "$TEST_USER@127.0.0.1" "$@"
}

# ------------------------------------------------------------------ text generator
# gen_text SEED BYTES: pseudo-natural text (Zipf-ish word choice over a generated vocabulary,
# HTML/PHP-like lines); gzip gets roughly 3x on it. Deterministic for a given seed.
# No quotes or backslashes, so it can go into SQL strings as is.
gen_text() {
  LC_ALL=C awk -v seed="$1" -v want="$2" '
    BEGIN {
      srand(seed)
      ns = split("la le ri mo sa tu ne vi co pa de ra ti lo me su ca ro fi ga na be da po ter men \
        con pro ble tra cha ment ique tion eur ain ou on an in ex al per ser vo mi", syl, " ")
      nv = 3000
      for (i = 1; i <= nv; i++) {
        n = 1 + int(rand() * 4); w = ""
        for (j = 0; j < n; j++) w = w syl[1 + int(rand() * ns)]
        voc[i] = w
      }
      nx = split("WordPress backup été café déjà élève naïve Noël über crème jalapeño 2026 admin \
        wp-content uploads https://blog.example.test <strong> </strong> <em> </em> $post->ID \
        add_action() get_option() {color:#333;} margin:0 auto; ✨ 🚀", extra, " ")
      nt = split("<p> <h2> <li> <section> // <td> /* * #", tag, " ")
      out = 0
      while (out < want) {
        line = tag[1 + int(rand() * nt)]
        len = 40 + int(rand() * 110)
        while (length(line) < len) {
          if (rand() < 0.04) w = extra[1 + int(rand() * nx)]
          else { r = rand(); w = voc[1 + int(nv * r * r * r)] }
          line = line " " w
        }
        if (rand() < 0.1) line = line " " int(rand() * 100000)
        line = line "\n"
        if (out + length(line) > want) {
          # pad the tail with ASCII so no multi-byte character is ever cut
          line = ""
          while (length(line) < want - out) line = line "."
        }
        printf "%s", line
        out += length(line)
      }
    }'
}
# (LC_ALL=C: awk length() then counts bytes with every awk, so sizes are exact.)

# ------------------------------------------------------------------ bench site
site_stats() { find "$SITE" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { printf "files=%d bytes=%d\n", n, b }'; }

ensure_site() {
  if [ -d "$SITE" ] && [ -f "$SITE_MANIFEST" ]; then
    local want have
    want=$(cat "$SITE_MANIFEST")
    have="$SITE_SPEC $(site_stats)"
    if [ "$want" = "$have" ]; then return 0; fi
    say "bench site differs from its manifest (want '$want', have '$have'): regenerating"
  fi
  say "generating the bench site in $SITE (~1 GB, once)"
  local tmp=$SITE.tmp t0 i size off corpus_size d
  t0=$(now)
  rm -rf -- "$tmp" "$SITE" "$SITE_MANIFEST"
  mkdir -p "$tmp/media" "$tmp/text"
  # Half incompressible.
  for ((i = 0; i < 50; i++)); do
    head -c $((10 * 1024 * 1024)) /dev/urandom >"$tmp/media/video-$(printf '%02d' "$i").bin"
  done
  # Half compressible: slices of a 24 MiB corpus, 100 KiB - 2 MiB, nested folders.
  local corpus=$WORK/corpus.txt
  gen_text 42 $((24 * 1024 * 1024)) >"$corpus"
  corpus_size=$(stat -c %s "$corpus")
  local total=0 target=$((500 * 1024 * 1024)) ext
  local -a exts=(html php txt css js json md xml)
  i=0
  while ((total < target)); do
    if ((i % 25 == 0)); then
      size=$(((1024 + (i * 7919) % 1024) * 1024)) # 1 - 2 MiB
    else
      size=$(((100 + (i * 104729) % 200) * 1024)) # 100 - 300 KiB
    fi
    ((total + size > target)) && size=$((target - total))
    off=$(((i * 2654435761) % (corpus_size - size)))
    d=$tmp/text/section-$((i % 12))/part-$((i / 12 % 16))/$((i % 5))
    mkdir -p "$d"
    ext=${exts[i % ${#exts[@]}]}
    dd if="$corpus" of="$d/page-$i.$ext" iflag=skip_bytes,count_bytes skip="$off" count="$size" status=none
    total=$((total + size))
    i=$((i + 1))
  done
  chown -R "$TEST_USER:$TEST_USER" "$tmp"
  mv "$tmp" "$SITE"
  printf '%s %s\n' "$SITE_SPEC" "$(site_stats)" >"$SITE_MANIFEST"
  say "bench site ready: $(site_stats) in $(secs "$t0" "$(now)") s"
}

# ------------------------------------------------------------------ bench database
root_sql() { mariadb -uroot -h127.0.0.1 --default-character-set=utf8mb4 "$@"; }

db_stats() {
  root_sql -N -B -e "SELECT CONCAT('rows=', COUNT(*), ' bytes=', SUM(LENGTH(post_content))) FROM \`$DB\`.wp_posts" 2>/dev/null || true
}

ensure_db() {
  local want have
  want=$(root_sql -N -B -e "SELECT CONCAT(spec, ' ', stats) FROM \`$DB\`.bb_bench_meta" 2>/dev/null || true)
  if [ -n "$want" ]; then
    have="$DB_SPEC $(db_stats)"
    if [ "$want" = "$have" ]; then return 0; fi
    say "database $DB differs (want '$want', have '$have'): regenerating"
  fi
  say "generating database $DB (~200 MB, once)"
  local t0 i
  t0=$(now)
  root_sql <<SQL
DROP DATABASE IF EXISTS \`$DB\`;
CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE \`$DB\`;
CREATE TABLE wp_posts (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  post_author bigint(20) unsigned NOT NULL DEFAULT 0,
  post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_date_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_content longtext NOT NULL,
  post_title text NOT NULL,
  post_excerpt text NOT NULL,
  post_status varchar(20) NOT NULL DEFAULT 'publish',
  comment_status varchar(20) NOT NULL DEFAULT 'open',
  ping_status varchar(20) NOT NULL DEFAULT 'open',
  post_password varchar(255) NOT NULL DEFAULT '',
  post_name varchar(200) NOT NULL DEFAULT '',
  to_ping text NOT NULL,
  pinged text NOT NULL,
  post_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_modified_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  post_content_filtered longtext NOT NULL,
  post_parent bigint(20) unsigned NOT NULL DEFAULT 0,
  guid varchar(255) NOT NULL DEFAULT '',
  menu_order int(11) NOT NULL DEFAULT 0,
  post_type varchar(20) NOT NULL DEFAULT 'post',
  post_mime_type varchar(100) NOT NULL DEFAULT '',
  comment_count bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (ID),
  KEY post_name (post_name(191)),
  KEY type_status_date (post_type, post_status, post_date, ID),
  KEY post_parent (post_parent),
  KEY post_author (post_author)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE bb_bench_meta (spec varchar(200) NOT NULL, stats varchar(200) NOT NULL)
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
SQL
  # 800 seed posts of ~4 KiB of varied text.
  {
    printf 'SET NAMES utf8mb4;\n'
    for ((i = 1; i <= 800; i++)); do
      printf "INSERT INTO \`%s\`.wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, guid) VALUES (%d, '2026-01-01' + INTERVAL %d HOUR, '2026-01-01' + INTERVAL %d HOUR, '%s', 'Article %d : été, café & co', '', 'article-%d', '', '', NOW(), UTC_TIMESTAMP(), '', 'https://blog.example.test/?p=%d');\n" \
        "$DB" $((1 + i % 3)) "$i" "$i" "$(gen_text "$i" 4096)" "$i" "$i" "$i"
    done
  } | root_sql
  # Six doublings (800 -> 51,200 rows), each copy rotated at a random point and retitled,
  # so no two rows are the same text.
  for ((i = 1; i <= 6; i++)); do
    root_sql "$DB" -e "
      INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
        post_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, guid)
      SELECT post_author, post_date + INTERVAL $i DAY, post_date_gmt + INTERVAL $i DAY,
        CONCAT(SUBSTRING(post_content, @p := 1 + FLOOR(RAND() * 4000)), ' ', MD5(RAND()), ' ', SUBSTRING(post_content, 1, @p - 1)),
        CONCAT(post_title, ' / ', $i), '', IF(RAND() < 0.9, 'publish', 'draft'),
        CONCAT(post_name, '-', $i), '', '', NOW(), UTC_TIMESTAMP(), '', guid
      FROM wp_posts"
  done
  root_sql "$DB" -e "UPDATE wp_posts SET guid = CONCAT('https://blog.example.test/?p=', ID)"
  root_sql "$DB" -e "INSERT INTO bb_bench_meta VALUES ('$DB_SPEC', '$(db_stats)')"
  say "database $DB ready: $(db_stats) in $(secs "$t0" "$(now)") s"
}

ensure_site
ensure_db

# DB credentials for the baseline's mysqldump, in bbtest's home (quoted for my.cnf rules).
pw_cnf=${DB_PASSWORD//\\/\\\\}
pw_cnf=${pw_cnf//\"/\\\"}
(umask 077 && printf '[client]\nuser=%s\npassword="%s"\n' "$DB_USER" "$pw_cnf" >"$CNF_REMOTE")
chown "$TEST_USER:$TEST_USER" "$CNF_REMOTE"
chmod 600 "$CNF_REMOTE"

# Page cache: read the site once so that neither contender pays for cold reads.
tar cf - -C "$SITE" . | cat >/dev/null

read -r _ SITE_FILES SITE_BYTES < <(site_stats | tr '=' ' ' | awk '{ print "x", $2, $4 }')

# ------------------------------------------------------------------ the jar
TOOL_PROBLEM=
if [ -z "$BASELINE_ONLY" ]; then
  if [ ! -f "$JAR" ] && [ "$JAR" != "$DEFAULT_JAR" ]; then
    TOOL_PROBLEM="jar not found: $JAR"
  elif [ ! -f "$JAR" ]; then
    say "building $JAR (mvn -q -B package -DskipTests)"
    if ! (cd "$REPO_ROOT" && mvn -q -B package -DskipTests) >"$WORK/mvn.log" 2>&1; then
      tail -n 30 "$WORK/mvn.log" >&2
      TOOL_PROBLEM="build failed (mvn -q -B package -DskipTests)"
    elif [ ! -f "$JAR" ]; then
      TOOL_PROBLEM="the build made no $JAR"
    fi
  fi
  command -v java >/dev/null 2>&1 || TOOL_PROBLEM="java not found"
  # measure a copy: a build during the run would replace the jar under the running JVM
  if [ -z "$TOOL_PROBLEM" ]; then cp -- "$JAR" "$WORK/backup-batch.jar" && JAR=$WORK/backup-batch.jar; fi
fi

# ------------------------------------------------------------------ runs
declare -a R_BASE R_TOOL R_RATIO R_RSS R_EXIT R_RRATIO
TOOL_FAILED=

run_baseline() { # -> BASE_SECS FILES_GZ DUMP_GZ DUMP_BYTES
  local d=$WORK/baseline t0 t1
  mkdir -p "$d"
  t0=$(now)
  ssh_bb "tar czf - -C $SITE ." >"$d/f.tar.gz"
  ssh_bb "set -o pipefail; mysqldump --defaults-file=$CNF_REMOTE --single-transaction --quick $DB | gzip" >"$d/d.sql.gz"
  t1=$(now)
  BASE_SECS=$(secs "$t0" "$t1")
  FILES_GZ=$(stat -c %s "$d/f.tar.gz")
  DUMP_GZ=$(stat -c %s "$d/d.sql.gz")
  DUMP_BYTES=$(gzip -dc "$d/d.sql.gz" | wc -c)
  gzip -dc "$d/d.sql.gz" | tail -n 1 | grep -q '^-- Dump completed' || die "baseline dump incomplete"
  [ -n "$RESTORE" ] || rm -rf -- "$d"
}

RESTORE_RAW_DIR=$TEST_HOME/bench-restore-raw
RESTORE_TOOL_DIR=$TEST_HOME/bench-restore-tool
RESTORE_RAW_DB=bb_bench_rraw
RESTORE_TOOL_DB=bb_bench_rtool
reset_restore_targets() {
  rm -rf -- "$RESTORE_RAW_DIR" "$RESTORE_TOOL_DIR"
  root_sql -e "DROP DATABASE IF EXISTS $RESTORE_RAW_DB; DROP DATABASE IF EXISTS $RESTORE_TOOL_DB;
    CREATE DATABASE $RESTORE_RAW_DB CHARACTER SET utf8mb4; CREATE DATABASE $RESTORE_TOOL_DB CHARACTER SET utf8mb4"
}

run_raw_restore() { # -> RAW_RESTORE_SECS (from the baseline's f.tar.gz and d.sql.gz)
  local d=$WORK/baseline t0 t1
  t0=$(now)
  ssh_bb "mkdir -p $RESTORE_RAW_DIR && tar xzf - -C $RESTORE_RAW_DIR" <"$d/f.tar.gz"
  gzip -dc "$d/d.sql.gz" | ssh_bb "mysql --defaults-file=$CNF_REMOTE $RESTORE_RAW_DB"
  t1=$(now)
  RAW_RESTORE_SECS=$(secs "$t0" "$t1")
  rm -rf -- "$d"
}

run_tool_restore() { # RUN -> TOOL_RESTORE_SECS TOOL_RESTORE_EXIT TOOL_RESTORE_RSS_MB TOOL_RESTORE_LAST
  local out=$WORK/run-$1
  site_yaml benchr "$RESTORE_TOOL_DIR" "$RESTORE_TOOL_DB" "$out/backups" >"$out/home/jobs/benchr.yaml"
  timed_jar "$out/restore" job=restore site=bench backup=latest target=benchr "home=$out/home"
  TOOL_RESTORE_SECS=$T_SECS TOOL_RESTORE_EXIT=$T_EXIT TOOL_RESTORE_RSS_MB=$T_RSS_MB TOOL_RESTORE_LAST=$T_LAST
}

# site_yaml NAME FOLDER DATABASE DESTINATION: a site file for the test account (password from the environment)
site_yaml() {
  cat <<EOF
site:
  name: $1
  app_type: custom
ssh:
  host: 127.0.0.1
  port: $SSH_PORT
  user: $TEST_USER
  private_key_path: $KEY
  known_hosts: $KNOWN_HOSTS
files:
  remote_path: $2
database:
  host: localhost
  name: $3
  user: $DB_USER
  password: \${BB_BENCH_DB_PASSWORD}
backup:
  destination: $4
EOF
}

run_tool() { # RUN -> TOOL_SECS TOOL_EXIT TOOL_RSS_MB TOOL_LAST ARCHIVE_BYTES ARCHIVE_PATH
  local out=$WORK/run-$1 archive
  local home=$out/home dest=$out/backups
  rm -rf -- "$out"
  mkdir -p "$home/jobs" "$dest"
  site_yaml bench "$SITE" "$DB" "$dest" >"$home/jobs/bench.yaml"
  timed_jar "$out/tool" job=backup site=bench "home=$home"
  TOOL_SECS=$T_SECS TOOL_EXIT=$T_EXIT TOOL_RSS_MB=$T_RSS_MB TOOL_LAST=$T_LAST
  archive=$(find "$dest" -type f -name '*.tar.gz' -printf '%s %p\n' 2>/dev/null | sort -n | tail -n 1)
  ARCHIVE_BYTES=${archive%% *}
  ARCHIVE_PATH=${archive#* }
}


echo "backup-batch benchmark: site $SITE ($SITE_FILES files, $(mb "$SITE_BYTES") MB), database $DB ($(db_stats))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); remote: $(ssh_bb 'tar --version | head -n 1; gzip --version | head -n 1; mysqldump --version' | paste -sd'|' | sed 's/|/ · /g')"

for ((run = 1; run <= RUNS; run++)); do
  echo "--- run $run/$RUNS"
  run_baseline
  SRC_BYTES=$((SITE_BYTES + DUMP_BYTES))
  printf '  baseline  %8s s  %7s MB/s  files.tar.gz %s MB + dump.sql.gz %s MB = %s MB  (dump %s MB raw)\n' \
    "$BASE_SECS" "$(div "$(mb "$SRC_BYTES")" "$BASE_SECS")" "$(mb "$FILES_GZ")" "$(mb "$DUMP_GZ")" \
    "$(mb $((FILES_GZ + DUMP_GZ)))" "$(mb "$DUMP_BYTES")"
  R_BASE+=("$BASE_SECS")
  if [ -n "$BASELINE_ONLY" ]; then continue; fi
  if [ -n "$TOOL_PROBLEM" ]; then
    echo "  tool      not run: $TOOL_PROBLEM"
    TOOL_FAILED=1
    continue
  fi
  run_tool "$run"
  ratio=$(div "$TOOL_SECS" "$BASE_SECS")
  printf '  tool      %8s s  %7s MB/s  exit %s  peak RSS %s MB  archive %s\n' \
    "$TOOL_SECS" "$(div "$(mb "$SRC_BYTES")" "$TOOL_SECS")" "$TOOL_EXIT" "$TOOL_RSS_MB" \
    "$( [ -n "$ARCHIVE_BYTES" ] && printf '%s MB (%s vs baseline %s)' "$(mb "$ARCHIVE_BYTES")" \
      "$(div "$ARCHIVE_BYTES" $((FILES_GZ + DUMP_GZ)))x" "$(mb $((FILES_GZ + DUMP_GZ))) MB" || echo none)"
  printf '  ratio     %s (tool/baseline, target <= 1.20)%s\n' "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { if (r + 0 > 1.2) print "  ABOVE TARGET"; else print "" }')"
  printf '  summary   %s\n' "${TOOL_LAST:-<no stdout>}"
  if [ -n "$KEEP" ] && [ -n "$ARCHIVE_BYTES" ]; then printf '  kept      %s\n' "$ARCHIVE_PATH"; fi
  R_TOOL+=("$TOOL_SECS"); R_RATIO+=("$ratio"); R_RSS+=("$TOOL_RSS_MB"); R_EXIT+=("$TOOL_EXIT")
  [ "$TOOL_EXIT" = 0 ] || TOOL_FAILED=1
  if [ -n "$RESTORE" ] && [ "$TOOL_EXIT" = 0 ]; then
    reset_restore_targets
    run_raw_restore
    run_tool_restore "$run"
    rratio=$(div "$TOOL_RESTORE_SECS" "$RAW_RESTORE_SECS")
    printf '  restore   raw %s s (ssh tar xzf + mysql)  tool %s s  ratio %s (target <= 1.20)  exit %s  peak RSS %s MB\n' \
      "$RAW_RESTORE_SECS" "$TOOL_RESTORE_SECS" "$rratio" "$TOOL_RESTORE_EXIT" "$TOOL_RESTORE_RSS_MB"
    printf '  summary   %s\n' "${TOOL_RESTORE_LAST:-<no stdout>}"
    R_RRATIO+=("$rratio")
    [ "$TOOL_RESTORE_EXIT" = 0 ] || TOOL_FAILED=1
    rm -rf -- "$RESTORE_RAW_DIR" "$RESTORE_TOOL_DIR"
    root_sql -e "DROP DATABASE $RESTORE_RAW_DB; DROP DATABASE $RESTORE_TOOL_DB"
  elif [ -n "$RESTORE" ]; then
    rm -rf -- "$WORK/baseline"
  fi

  [ -n "$KEEP" ] || rm -rf -- "$WORK/run-$run"
done

if ((RUNS > 1)); then
  median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
  echo "--- $RUNS runs: baseline s: ${R_BASE[*]} (median $(median "${R_BASE[@]}"))"
  if [ "${#R_TOOL[@]}" -gt 0 ]; then
    echo "    tool s: ${R_TOOL[*]} (median $(median "${R_TOOL[@]}")); ratio: ${R_RATIO[*]} (median $(median "${R_RATIO[@]}")); peak RSS MB: ${R_RSS[*]}; exit: ${R_EXIT[*]}"
    [ "${#R_RRATIO[@]}" -eq 0 ] || echo "    restore ratio: ${R_RRATIO[*]} (median $(median "${R_RRATIO[@]}"))"
  fi
fi

if [ -n "$TOOL_FAILED" ]; then
  echo "RESULT: the tool failed"
  exit 1
fi
[ -n "$BASELINE_ONLY" ] && echo "RESULT: baseline only" || echo "RESULT: ok"
