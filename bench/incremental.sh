#!/usr/bin/env bash
# Incremental nights (issue 15) against full backups and rsync, on a WordPress-shaped site:
#
#   bench/incremental.sh [--size-mb 1024] [--jar PATH] [--keep]
#
# Needs root and the shared test environment already up (it does NOT run scripts/test-env.sh):
# the sshd on 127.0.0.1:2222 (user bbtest) and its client key under /var/tmp/backup-batch-test;
# rsync on this machine, which is the test host too. Generates once, and keeps, under
# /home/bbtest/inc-bench/site-<size> (made as root, given to bbtest), a site of about --size-mb
# MB (default 1024; scale it down on a loaded machine, the figures say what was used):
#   ~75 % of its bytes random-data .jpg (300 KB) in uploads/YYYY/MM, ~10 % two .mp4, ~15 % small
#   code-like text (.php/.js/.css, 2-30 KB, compressible about 4x).
# Then, each figure one run of java -Xmx64m -jar backup-batch.jar job=backup under /usr/bin/time:
#   full              backup.mode: full (the reference figure)
#   first-incremental the night after a full one: nothing changed, the full one's streams cut
#                     into members here (once a week with full_every_days: 7)
#   unchanged         nothing changed, against an incremental night (steady state)
#   1%, 10%           that share of the files rewritten (new content, same kind), then a night
# and rsync -az of the same tree into a local mirror over the same sshd, after each state.
# Prints wall and CPU (user+sys) seconds, bytes moved (the manifest's transfer.transferred; rsync's
# "Total bytes received"), their share of the site's bytes, what was reused, the archive's size,
# and the load average. Needs jq.
set -euo pipefail

SIZE_MB=1024
JAR_ARG=
KEEP=
while [ $# -gt 0 ]; do
  case $1 in
    --size-mb) SIZE_MB=$2; shift 2 ;;
    --jar) JAR_ARG=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (it writes the site under /home/bbtest)" >&2; exit 2; }
command -v rsync >/dev/null || { echo "rsync is missing: apt-get install -y rsync" >&2; exit 2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
JAR=${JAR_ARG:-$REPO_ROOT/target/backup-batch.jar}
[ -f "$JAR" ] || { echo "no jar at $JAR: mvn -B -q package -DskipTests" >&2; exit 2; }
BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts
SITE=/home/bbtest/inc-bench/site-$SIZE_MB

say() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f%%", a * 100 / b; else print "n/a" }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# shellcheck source=bench/lib.sh
. "$SCRIPT_DIR/lib.sh"

WORK=$(mktemp -d /var/tmp/bb-inc-bench.XXXXXX)
cleanup() { if [ -z "$KEEP" ]; then rm -rf -- "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT
SSH="ssh -F /dev/null -i $KEY -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$KNOWN_HOSTS \
-o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o LogLevel=ERROR -p 2222"

# the site, generated once per size (random media, code-like text)
if [ ! -f "$SITE/.done" ]; then
  say "generating a ${SIZE_MB} MB site in $SITE"
  rm -rf -- "$SITE"
  mkdir -p "$SITE"
  python3 - "$SITE" "$SIZE_MB" <<'PY'
import os, random, sys
root, size = sys.argv[1], int(sys.argv[2]) * 1048576
rnd = random.Random(15)
words = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz_') for _ in range(rnd.randint(2, 12))) for _ in range(3000)]
def text(n):
    out, total = [], 0
    while total < n:
        line = '    $' + ' = '.join(rnd.choice(words) for _ in range(rnd.randint(2, 8))) + ';\n'
        out.append(line); total += len(line)
    return ''.join(out)[:n].encode()
def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f: f.write(data)
media, video, code = size * 75 // 100, size * 10 // 100, size * 15 // 100
i = 0
while media > 0:
    n = 300 * 1024; put(f'{root}/wp-content/uploads/{2015 + i // 400}/{1 + i // 40 % 10:02d}/photo-{i}.jpg', os.urandom(n)); media -= n; i += 1
for k in range(2):
    put(f'{root}/wp-content/uploads/video-{k}.mp4', os.urandom(video // 2))
j = 0
while code > 0:
    n = rnd.randint(2048, 30 * 1024); ext = rnd.choice(['php', 'php', 'js', 'css'])
    put(f'{root}/wp-content/plugins/plugin-{j // 300}/inc/file-{j}.{ext}', text(n)); code -= n; j += 1
PY
  find "$SITE" -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
  touch "$SITE/.done"
  chown -R bbtest:bbtest /home/bbtest/inc-bench
fi
SITE_BYTES=$(du -sb --exclude=.done "$SITE" | cut -f1)
FILES=$(find "$SITE" -type f ! -name .done | wc -l)

site_yaml() { # NAME MODE
  printf 'site:\n  app_type: custom\n'
  sshd_yaml "$KEY" "$KNOWN_HOSTS"
  cat <<YAML
files:
  remote_path: $SITE
  exclude_patterns: [".done"]
backup:
  destination: $WORK/backups
  mode: $2
  retention_days: 0
YAML
}
HOME_DIR=$WORK/home
mkdir -p "$HOME_DIR/jobs"
site_yaml full full > "$HOME_DIR/jobs/incbench-full.yaml"
site_yaml auto auto > "$HOME_DIR/jobs/incbench.yaml"

# change PERCENT: rewrites that share of the files with new content of the same kind and size class
change() {
  python3 - "$SITE" "$1" <<'PY'
import os, random, sys, time
root, share = sys.argv[1], float(sys.argv[2]) / 100
rnd = random.Random(time.time_ns())
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f != '.done')
for p in rnd.sample(files, max(1, int(len(files) * share))):
    n = os.path.getsize(p)
    data = os.urandom(n) if p.endswith(('.jpg', '.mp4')) else (b'// changed\n' + open(p, 'rb').read())[:n + 11]
    with open(p, 'wb') as f: f.write(data)
PY
  chown -R bbtest:bbtest "$SITE"
}

printf '%-18s %8s %8s %10s %9s %10s %10s %6s\n' run wall_s cpu_s moved_MB moved% reused_MB archive_MB exit \
  > "$WORK/table"
FULL_WALL=
run() { # LABEL SITE
  local label=$1 site=$2 manifest archive cpu moved reused
  sync
  timed_jar "$WORK/$label" job=backup site="$site" home="$HOME_DIR"
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.1f", u + s }' "$WORK/$label.time")
  archive=$(ls -t "$WORK/backups/$site"/*.tar.gz | head -n 1)
  manifest=${archive%.tar.gz}.manifest.json
  moved=$(jq -r '.transfer.transferred // 0' "$manifest")
  reused=$(jq -r '.transfer.reused // 0' "$manifest")
  [ "$label" = full ] && FULL_WALL=$T_SECS
  printf '%-18s %8s %8s %10s %9s %10s %10s %6s\n' "$label" "$T_SECS" "$cpu" "$(mb "$moved")" \
    "$(pct "$moved" "$SITE_BYTES")" "$(mb "$reused")" "$(mb "$(stat -c %s "$archive")")" "$T_EXIT" >> "$WORK/table"
  say "$label: $(grep -o 'mode=[^ ]*' "$WORK/$label.stdout" | tail -n 1), $T_SECS s, load $(cut -d' ' -f1-3 /proc/loadavg)"
}
rsync_run() { # LABEL
  local t0 t1 got
  t0=$(now)
  got=$(rsync -az --delete --stats -e "$SSH" "bbtest@127.0.0.1:$SITE/" "$WORK/mirror/" | awk -F': ' '/Total bytes received/ { gsub(/,/, "", $2); print $2 }')
  t1=$(now)
  printf '%-18s %8s %8s %10s %9s %10s %10s %6s\n' "rsync $1" "$(secs "$t0" "$t1")" - "$(mb "$got")" \
    "$(pct "$got" "$SITE_BYTES")" - - 0 >> "$WORK/table"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
$SSH bbtest@127.0.0.1 "tar cf - -C $SITE ." > /dev/null   # warm the page cache
run full incbench-full
run first-full incbench
run first-incremental incbench
run unchanged incbench
rsync_run initial
rsync_run unchanged
change 1
run 1% incbench
rsync_run 1%
change 10
run 10% incbench
rsync_run 10%
printf 'site %s MB (%s files) at %s; cores %s; load before %s, after %s\n' "$(mb "$SITE_BYTES")" "$FILES" "$SITE" \
  "$(nproc)" "$LOAD0" "$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/table"
unchanged_wall=$(awk '$1 == "unchanged" { print $2 }' "$WORK/table")
printf 'unchanged / full wall time: %s\n' "$(div "$unchanged_wall" "$FULL_WALL")"
