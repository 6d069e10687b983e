#!/usr/bin/env bash
# A fleet night, timed: N small sites (and M larger ones) on the test sshd, backed up with
# job=backup site=all at concurrency 1, 2 and 4 on this machine, then distributed over W worker
# JVMs (PostgreSQL repository and RabbitMQ queue of its own). Prints sites per minute and bytes
# per second (archive bytes over wall time) per run. All sites are on one SSH host: per_host is
# the concurrency locally and the worker count distributed, so that the cap does not bind.
# Needs the test environment up (it does not run scripts/test-env.sh) and target/backup-batch.jar built. Everything it makes is deleted.
#   bench/fleet.sh [--small N] [--small-kb K] [--large M] [--large-mb L] [--workers W] [--local "1 2 4"]
# (--local "": the distributed run only)
set -euo pipefail
SMALL=40 SMALL_KB=200 LARGE=0 LARGE_MB=50 WORKERS=3 LOCAL="1 2 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=$2; shift 2 ;; --small-kb) SMALL_KB=$2; shift 2 ;;
    --large) LARGE=$2; shift 2 ;; --large-mb) LARGE_MB=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;; --local) LOCAL=$2; shift 2 ;; *) echo "unknown: $1" >&2; exit 2 ;;
  esac
done
JAR=$(cd "$(dirname "$0")/.." && pwd)/target/backup-batch.jar
PROPS=/var/tmp/backup-batch-test/test-env.properties
prop() { grep "^$1=" "$PROPS" | cut -d= -f2-; }
TAG=bench-$$
REMOTE=$(prop ssh.home)/wt-fleet-$TAG
HOME_DIR=$(mktemp -d /tmp/bb-fleet-bench.XXXXXX)
DB=bb_fleet_bench_$$
QUEUE=bb-fleet-bench-$$
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$REMOTE" "$HOME_DIR"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rabbitmqctl -q delete_queue "$QUEUE" >/dev/null 2>&1 || true
  rabbitmqctl -q delete_queue "$QUEUE.dlq" >/dev/null 2>&1 || true
}
trap cleanup EXIT
mkdir -p "$REMOTE" "$HOME_DIR/jobs"
make_site() { # name kilobytes
  mkdir -p "$REMOTE/$1"
  head -c $(($2 * 512)) /dev/urandom > "$REMOTE/$1/random.bin"
  head -c $(($2 * 512)) /dev/zero > "$REMOTE/$1/zeros.bin"
  echo '<?php echo 1;' > "$REMOTE/$1/index.php"
  cat > "$HOME_DIR/jobs/$1.yaml" <<YAML
site:
  app_type: custom
ssh:
  host: $(prop ssh.host)
  port: $(prop ssh.port)
  user: $(prop ssh.user)
  private_key_path: $(prop ssh.private_key)
  known_hosts: $(prop ssh.known_hosts)
files:
  remote_path: $REMOTE/$1
backup:
  destination: backups
  keep_last: 1
YAML
}
for i in $(seq 1 "$SMALL"); do make_site "small$i" "$SMALL_KB"; done
for i in $(seq 1 "$LARGE"); do make_site "large$i" $((LARGE_MB * 1024)); done
chown -R "$(prop ssh.user):$(prop ssh.user)" "$REMOTE"
SITES=$((SMALL + LARGE))
echo "fleet bench: $SMALL sites of ${SMALL_KB}KB, $LARGE of ${LARGE_MB}MB, $WORKERS workers; $(uptime)"
report() { # label seconds exit
  local bytes
  bytes=$(find "$HOME_DIR/backups" -name "*.tar.gz" -newer "$HOME_DIR/.mark" -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  awk -v l="$1" -v t="$2" -v b="$bytes" -v n="$SITES" -v x="$3" 'BEGIN {
    printf "%-16s sites=%d exit=%d wall=%.1fs sites/min=%.1f archive=%.1fMB MB/s=%.2f\n", l, n, x, t, n*60/t, b/1e6, b/1e6/t }'
}
night=1
run_local() { # concurrency
  touch "$HOME_DIR/.mark"; sleep 1
  local start end code=0
  start=$(date +%s.%N)
  (cd "$HOME_DIR" && java -jar "$JAR" job=backup site=all concurrency="$1" per_host="$1" night=2030-01-0$night \
    > "$HOME_DIR/out.$1" 2> "$HOME_DIR/err.$1") || code=$?
  end=$(date +%s.%N)
  night=$((night + 1))
  report "local c=$1" "$(echo "$end - $start" | bc)" "$code"
}
for c in $LOCAL; do run_local "$c"; done
# distributed: a repository and a queue of its own, W workers of one consumer each
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
URL=(spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB spring.datasource.username=postgres)
for w in $(seq 1 "$WORKERS"); do
  (cd "$HOME_DIR" && BACKUP_BATCH_HOST=bench-w$w exec java -Xmx256m -jar "$JAR" job=worker concurrency=1 \
    queue="$QUEUE" "${URL[@]}" > "$HOME_DIR/w$w.out" 2> "$HOME_DIR/w$w.err") &
  PIDS+=($!)
done
for w in $(seq 1 "$WORKERS"); do
  until grep -q "serving queue" "$HOME_DIR/w$w.err" 2>/dev/null; do sleep 1; done
done
touch "$HOME_DIR/.mark"; sleep 1
start=$(date +%s.%N); code=0
(cd "$HOME_DIR" && java -jar "$JAR" job=backup site=all mode=distributed per_host="$WORKERS" queue="$QUEUE" \
  night=2030-02-01 "${URL[@]}" \
  > "$HOME_DIR/out.d" 2> "$HOME_DIR/err.d") || code=$?
end=$(date +%s.%N)
report "distributed w=$WORKERS" "$(echo "$end - $start" | bc)" "$code"
echo "load at the end: $(uptime)"
for f in "$HOME_DIR"/out.*; do # the sites that did not complete, and why
  grep -v "status=COMPLETED" "$f" | sed "s|^|$(basename "$f"): |" >&2 || true
done
