#!/usr/bin/env bash
# Restore of a site of a million small files, in a 64 MB heap, against the raw tools.
#
#   bench/restore-1m.sh [--files N] [--folders N] [--again] [--jar PATH] [--keep]
#
#   --files N    regular files in the tree (default 1000000)
#   --folders N  folders they are spread over (default 2000)
#   --again      then restore once more over the full copy, to which 1,000 extra files were
#                added: a safety snapshot of the copy, mirror lists its million paths and
#                deletes the extra ones (deleted=1001 expected)
#   --jar PATH   the jar to measure (default target/backup-batch.jar, built if missing)
#   --keep       keep the trees and the tool's home (logs, archive) for a look afterwards
#
# Needs root and the test environment ALREADY UP (scripts/test-env.sh up; this script does not
# run it, so as not to reset fixtures under a running build). Then:
#   1. makes the tree in a new folder under /home/bbtest (small files, a few bytes each);
#   2. the tool backs it up:  java -Xmx64m -jar … job=backup site=bench1m  (files only);
#   3. the tool restores it into another, empty, folder of another site:
#      java -Xmx64m -jar … job=restore site=bench1m target=bench1m-copy mode=mirror confirm=yes
#      (files only: the files part is restored, mirror lists the target, the check step
#      compares every file's size with the backup);
#   4. the raw pipelines over the same ssh: ssh "tar czf - -C site ." > f.tar.gz (before the
#      tool's backup), and ssh "tar xzpf - -C dir" < the tool's archive (into a third folder).
# The tool's runs are under /usr/bin/time -v (peak RSS). Prints wall times, peak RSS, exit codes
# and summary lines; checks that the restored tree holds every file. Deletes the trees at the end
# (unless --keep). Exits 1 if the backup or the restore failed or the restored tree is not
# whole, 2 on bad usage.
set -euo pipefail

FILES=1000000
FOLDERS=2000
JAR_ARG=
KEEP=
AGAIN=
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --files) [ $# -ge 2 ] || { usage >&2; exit 2; }; FILES=$2; shift 2 ;;
    --folders) [ $# -ge 2 ] || { usage >&2; exit 2; }; FOLDERS=$2; shift 2 ;;
    --jar) [ $# -ge 2 ] || { usage >&2; exit 2; }; JAR_ARG=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --again) AGAIN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $FILES =~ ^[1-9][0-9]*$ && $FOLDERS =~ ^[1-9][0-9]*$ ]] || { echo "--files and --folders take positive integers" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (it makes the tree as root, then gives it to bbtest)" >&2; exit 2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
DEFAULT_JAR=$REPO_ROOT/target/backup-batch.jar
JAR=${JAR_ARG:-$DEFAULT_JAR}
[[ $JAR == /* ]] || JAR=$PWD/$JAR

BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
SSH_PORT=${BB_TEST_SSH_PORT:-2222}
TEST_USER=bbtest
TEST_HOME=/home/bbtest
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts

say() { printf '[restore-1m] %s\n' "$*" >&2; }
die() { printf '[restore-1m] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }

ssh_bb() {
  ssh -F /dev/null -i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$KNOWN_HOSTS" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o LogLevel=ERROR -p "$SSH_PORT" "$TEST_USER@127.0.0.1" "$@"
}

ssh_bb true 2>/dev/null || die "no ssh to $TEST_USER@127.0.0.1:$SSH_PORT: run scripts/test-env.sh up first"
command -v java >/dev/null 2>&1 || die "java not found"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found"

# Everything of this run: the remote trees in one folder of bbtest's home, the tool's home here.
BASE=$(mktemp -d "$TEST_HOME/bench-restore-1m.XXXXXX")
WORK=$(mktemp -d /var/tmp/bb-restore-1m.XXXXXX)
SITE=$BASE/site
COPY=$BASE/restored
RAW=$BASE/raw
cleanup() {
  if [ -n "$KEEP" ]; then
    say "kept $BASE and $WORK"
  else
    say "deleting $BASE and $WORK"
    rm -rf -- "$BASE" "$WORK"
  fi
}
trap cleanup EXIT
chown "$TEST_USER:$TEST_USER" "$BASE"

# ------------------------------------------------------------------ the jar
if [ ! -f "$JAR" ]; then
  [ "$JAR" = "$DEFAULT_JAR" ] || die "jar not found: $JAR"
  say "building $JAR (mvn -q -B -o package -DskipTests)"
  (cd "$REPO_ROOT" && mvn -q -B -o package -DskipTests) >"$WORK/mvn.log" 2>&1 \
    || { tail -n 30 "$WORK/mvn.log" >&2; die "build failed"; }
fi

# ------------------------------------------------------------------ the tree
# Bash builtins only in the inner loop (no process per file): a million files in about a minute.
make_tree() {
  local per=$(((FILES + FOLDERS - 1) / FOLDERS)) d f i=0 dir name
  mkdir -p "$SITE"
  for ((d = 0; d < FOLDERS && i < FILES; d++)); do
    printf -v name 'folder-%04d' "$d"
    dir=$SITE/$name
    mkdir "$dir"
    for ((f = 0; f < per && i < FILES; f++, i++)); do
      printf 'file %d of the bench tree\n' "$i" >"$dir/file-$f.txt"
    done
  done
  chown -R "$TEST_USER:$TEST_USER" "$SITE"
}
count_files() { find "$1" -type f | wc -l; }

say "making $FILES files in $FOLDERS folders in $SITE"
t0=$(now)
make_tree
TREE_SECS=$(secs "$t0" "$(now)")
SITE_FILES=$(count_files "$SITE")
[ "$SITE_FILES" = "$FILES" ] || die "the tree holds $SITE_FILES files, not $FILES"
sync
say "tree made in $TREE_SECS s"

# ------------------------------------------------------------------ the tool
HOME_DIR=$WORK/home
mkdir -p "$HOME_DIR/jobs"
site_yaml() { # REMOTE_PATH
  cat <<EOF
site:
  app_type: custom
ssh:
  host: 127.0.0.1
  port: $SSH_PORT
  user: $TEST_USER
  private_key_path: $KEY
  known_hosts: $KNOWN_HOSTS
files:
  remote_path: $1
backup:
  destination: $WORK/backups
EOF
}
site_yaml "$SITE" >"$HOME_DIR/jobs/bench1m.yaml"
site_yaml "$COPY" >"$HOME_DIR/jobs/bench1m-copy.yaml"

# run_tool NAME WORDS... -> R_SECS R_RSS_MB R_EXIT R_LAST (stdout, stderr, time -v in $WORK/NAME.*)
run_tool() {
  local name=$1
  shift
  timed_jar "$WORK/$name" "$@" "home=$HOME_DIR"
  R_SECS=$T_SECS R_RSS_MB=$T_RSS_MB R_EXIT=$T_EXIT R_LAST=$T_LAST
  if [ "$R_EXIT" != 0 ]; then
    grep -m 3 -i 'OutOfMemoryError' "$WORK/$name.stderr" >&2 || true
  fi
}
token() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# ------------------------------------------------------------------ the raw backup, then the tool
# No tree is deleted before the end (deleting a million files loads the disk for minutes, which
# would slow whatever runs next), and every run starts with the dirty pages written out (sync).
say "raw: ssh tar czf (backup)"
t0=$(now)
ssh_bb "tar czf - -C '$SITE' ." >"$WORK/raw.tar.gz"
RAW_BACKUP_SECS=$(secs "$t0" "$(now)")
rm -f -- "$WORK/raw.tar.gz"

FAILED=
say "tool backup"
run_tool backup job=backup site=bench1m
B_SECS=$R_SECS B_RSS=$R_RSS_MB B_EXIT=$R_EXIT B_LAST=$R_LAST
ID=$(token id "$B_LAST")
ARCHIVE=$(find "$WORK/backups/bench1m" -maxdepth 1 -name '*.tar.gz' -print -quit 2>/dev/null || true)
[ "$B_EXIT" = 0 ] && [ -n "$ID" ] && [ -n "$ARCHIVE" ] || FAILED="the backup failed"

if [ -z "$FAILED" ]; then
  say "tool restore into the empty $COPY (mode=mirror)"
  run_tool restore job=restore site=bench1m "backup=$ID" target=bench1m-copy parts=files mode=mirror confirm=yes
  S_SECS=$R_SECS S_RSS=$R_RSS_MB S_EXIT=$R_EXIT R_SUMMARY=$R_LAST
  if [ "$S_EXIT" != 0 ]; then
    FAILED="the restore failed (exit $S_EXIT)"
  else
    sync
    COPY_FILES=$(count_files "$COPY")
    [ "$COPY_FILES" = "$FILES" ] || FAILED="the restored tree holds $COPY_FILES files, not $FILES"
  fi
fi

if [ -z "$FAILED" ] && [ -n "$AGAIN" ]; then
  say "tool restore again over the full $COPY, 1,000 extra files added (mode=mirror)"
  mkdir "$COPY/extra" && for ((i = 0; i < 1000; i++)); do : >"$COPY/extra/file-$i"; done
  chown -R "$TEST_USER:$TEST_USER" "$COPY/extra" && sync
  run_tool again job=restore site=bench1m "backup=$ID" target=bench1m-copy parts=files mode=mirror confirm=yes
  A_SECS=$R_SECS A_RSS=$R_RSS_MB A_EXIT=$R_EXIT A_SUMMARY=$R_LAST
  if [ "$A_EXIT" != 0 ]; then
    FAILED="the second restore failed (exit $A_EXIT)"
  elif [ "$(token deleted "$A_SUMMARY")" != 1001 ] || [ -e "$COPY/extra" ]; then
    FAILED="the second restore did not delete the 1,001 extra paths: $A_SUMMARY"
  fi
  sync
fi

# ------------------------------------------------------------------ the raw restore
RAW_RESTORE_SECS=n/a
if [ -n "$ARCHIVE" ]; then
  say "raw: ssh tar xzpf of the tool's archive (restore) into $RAW"
  t0=$(now)
  ssh_bb "mkdir -p '$RAW' && tar -xzpf - --no-same-owner -C '$RAW'" <"$ARCHIVE"
  RAW_RESTORE_SECS=$(secs "$t0" "$(now)")
  sync
fi

# ------------------------------------------------------------------ report
echo "restore-1m: $FILES files in $FOLDERS folders (made in $TREE_SECS s); $(nproc) cores; java -Xmx64m"
printf '  backup   tool %7s s  peak RSS %4s MB  exit %s   raw ssh tar czf   %7s s\n' \
  "$B_SECS" "$B_RSS" "$B_EXIT" "$RAW_BACKUP_SECS"
if [ -n "${R_SUMMARY+x}" ]; then
  printf '  restore  tool %7s s  peak RSS %4s MB  exit %s   raw ssh tar xzpf  %7s s\n' \
    "$S_SECS" "$S_RSS" "$S_EXIT" "$RAW_RESTORE_SECS"
fi
if [ -n "${A_SUMMARY+x}" ]; then
  printf '  again    tool %7s s  peak RSS %4s MB  exit %s   (snapshot of the full copy, mirror over it)\n' \
    "$A_SECS" "$A_RSS" "$A_EXIT"
fi
[ -n "$ARCHIVE" ] && echo "  archive  $(mb "$(stat -c %s "$ARCHIVE")") MB"
echo "  backup   summary: ${B_LAST:-<no stdout>}"
echo "  restore  summary: ${R_SUMMARY:-<not run>}"
[ -z "${A_SUMMARY+x}" ] || echo "  again    summary: ${A_SUMMARY:-<no stdout>}"
if [ -n "$FAILED" ]; then
  echo "RESULT: FAILED: $FAILED"
  exit 1
fi
echo "RESULT: ok ($FILES files restored and checked)"
