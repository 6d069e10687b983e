#!/usr/bin/env bash
# Files-only backups of three site shapes against the raw pipeline they replace, to measure
# "compress only what compresses" (issue 12):
#
#   bench/split-shapes.sh [--jar PATH] [--shapes "media text small"] [--compression auto|gzip] [--keep]
#
# Needs root and the shared test environment already up (it does NOT run scripts/test-env.sh):
# the sshd on 127.0.0.1:2222 and its client key under /var/tmp/backup-batch-test. Generates once,
# and keeps, under /home/bbtest/wt-split-bench (made as root, then given to bbtest):
#   - media: a media-heavy WordPress, ~70 % of bytes already compressed: random-data .jpg
#     (300 KB and 20 KB thumbnails) and .mp4, one 40 MB video named .bin, 20k small text files;
#   - text:  PHP, JS and CSS only (~150 MB of code-like text);
#   - small: 100k files of 200 B - 2 KB.
# For each shape, raw and tool alternate: (a) ssh "tar czf - -C site ." > raw.tar.gz, (b)
# java -Xmx64m -jar backup-batch.jar job=backup (files only) under /usr/bin/time -v. Prints wall
# times, the ratio tool/raw, the tool's own steps (its summary's duration: JVM start excluded) and
# its streamFiles step (from the manifest), both archive sizes and the growth, peak RSS, and the
# machine's load. Needs jq.
set -euo pipefail

JAR_ARG=
SHAPES="media text small"
COMPRESSION=auto
KEEP=
while [ $# -gt 0 ]; do
  case $1 in
    --jar) JAR_ARG=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    --compression) COMPRESSION=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (it writes the shapes under /home/bbtest)" >&2; exit 2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
JAR=${JAR_ARG:-$REPO_ROOT/target/backup-batch.jar}
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -B -q package -DskipTests" >&2; exit 2; }
BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts
BENCH=/home/bbtest/wt-split-bench

say() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"

WORK=$(mktemp -d /var/tmp/bb-split-bench.XXXXXX)
cleanup() { if [ -z "$KEEP" ]; then rm -rf -- "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT

ssh_bb() {
  ssh -F /dev/null -i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="$KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR -p 2222 bbtest@127.0.0.1 "$@"
}

# make_shape NAME: generates the shape once (a .done marker holds the generator's version)
make_shape() {
  local dir=$BENCH/$1 spec="v1"
  if [ -f "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$spec" ]; then return; fi
  say "generating $1 in $dir"
  rm -rf -- "$dir"
  mkdir -p "$dir"
  python3 "$SCRIPT_DIR/split-shapes.py" "$1" "$dir"
  echo "$spec" > "$dir/.done"
  chown -R bbtest:bbtest "$BENCH"
}

site_yaml() {
  cat <<YAML
site:
  app_type: custom
ssh:
  host: 127.0.0.1
  port: 2222
  user: bbtest
  private_key_path: $KEY
  known_hosts: $KNOWN_HOSTS
files:
  remote_path: $1
  exclude_patterns: [".done"]
backup:
  destination: backups
  compression: $COMPRESSION
YAML
}

printf 'shape   raw_s  tool_s  ratio  steps_s  files_s  raw_MB  tool_MB  growth  rss_MB  exit\n' > "$WORK/table"
for shape in $SHAPES; do
  make_shape "$shape"
  site=$BENCH/$shape
  home=$WORK/home-$shape
  mkdir -p "$home/jobs"
  site_yaml "$site" > "$home/jobs/$shape.yaml"
  sync
  cat -- $(find "$site" -type f | head -n 2000) >/dev/null 2>&1 || true  # warm the page cache a little
  ssh_bb "tar cf - -C $site . " | cat > /dev/null                        # and all of it
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(now); ssh_bb "tar czf - -C $site ." > "$WORK/raw-$shape.tar.gz"; t1=$(now)
  raw_s=$(secs "$t0" "$t1")
  timed_jar "$WORK/tool-$shape" job=backup site="$shape" home="$home"
  tool_s=$T_SECS
  archive=$(find "$home/backups/$shape" -name '*.tar.gz' | head -n 1)
  raw_b=$(stat -c %s "$WORK/raw-$shape.tar.gz")
  tool_b=$(stat -c %s "$archive" 2>/dev/null || echo 0)
  manifest=${archive%.tar.gz}.manifest.json
  files_s=$(jq -r '.steps.streamFiles.duration_ms / 1000' "$manifest" 2>/dev/null || echo "?")
  steps_s=$(printf '%s\n' "$T_LAST" | grep -o 'duration=[^ ]*' | cut -d= -f2)
  growth=$(awk -v a="$tool_b" -v b="$raw_b" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')
  say "$shape: load before $load; $(grep -o 'paths selected.*' "$WORK/tool-$shape.stderr" | head -n 1)"
  printf '%-7s %6s %7s %6s %8s %8s %7s %8s %7s %7s %5s\n' "$shape" "$raw_s" "$tool_s" "$(div "$tool_s" "$raw_s")" \
    "$steps_s" "$files_s" "$(mb "$raw_b")" "$(mb "$tool_b")" "$growth" "$T_RSS_MB" "$T_EXIT" >> "$WORK/table"
  rm -rf -- "$home/backups"
done
printf 'compression=%s  cores=%s  load now %s\n' "$COMPRESSION" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/table"
