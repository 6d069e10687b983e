#!/usr/bin/env bash
# Throughput of the copyOffsite step against the raw clients, to the same servers.
#
#   bench/offsite.sh [--mib N] [--jar PATH]
#
#   --mib N     size of the site's incompressible file, in MiB (default 512): the archive is as big
#   --jar PATH  the jar to measure (default target/backup-batch.jar)
#
# Needs root and the test environment up (scripts/test-env.sh up: S3Mock on 127.0.0.1:9090, the
# sftp account bbcopy on the test sshd). For each kind of copy, one backup of a local site with
# only that copy; the copy step's time is read from the log (its start to the next step's start):
#   s3:   part_size_mb 16, the upload (sha256 per part) then the read-back (size, sha256);
#         raw: curl --upload-file (one PUT, no checksum), then curl to /dev/null (the read-back);
#         and, when installed (Debian's awscli), aws s3 cp up, then aws s3 cp to stdout
#   sftp: JSch, 32 MiB slices to a temporary name, read-back, rename;
#         raw: OpenSSH sftp -b (put, then get to /dev/null)
# Prints seconds and MB/s (upload + read-back counted once: archive bytes / time).
set -euo pipefail

MIB=512
JAR=
while [ $# -gt 0 ]; do
  case $1 in
    --mib) MIB=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    *) echo "usage: $0 [--mib N] [--jar PATH]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
JAR=${JAR:-$SCRIPT_DIR/../target/backup-batch.jar}
[ -s "$JAR" ] || { echo "no jar at $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
S3=http://127.0.0.1:${BB_TEST_S3_PORT:-9090}
SSH_PORT=${BB_TEST_SSH_PORT:-2222}
KEY=$BB_TEST_DIR/client/id_ed25519
KNOWN_HOSTS=$BB_TEST_DIR/client/known_hosts
curl -fsS -o /dev/null "$S3/" || { echo "S3Mock does not answer at $S3: scripts/test-env.sh up" >&2; exit 1; }

say() { printf '[offsite] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.0f", bytes / 1e6 / s }'; }
# seconds between the first log line matching $2 and the first matching $3 in file $1
log_span() {
  awk -v from="$2" -v to="$3" '
    function t(s) { split(s, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
    $0 ~ from && !a { a = t($1) } $0 ~ to && !b { b = t($1) }
    END { printf "%.2f", b - a }' "$1"
}

WORK=$(mktemp -d /var/tmp/bb-offsite-bench.XXXXXX)
BUCKET=bench-$(date +%s)
cleanup() {
  rm -rf "$WORK" /home/bbcopy/bench-offsite
  if command -v aws >/dev/null 2>&1; then # S3Mock keeps what it is given: drop the bucket
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=eu-west-3 \
      aws --endpoint-url "$S3" s3 rb --force "s3://$BUCKET" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
curl -fsS -X PUT -o /dev/null "$S3/$BUCKET"
mkdir -p "$WORK/site"
say "making a $MIB MiB site"
head -c "$((MIB * 1024 * 1024))" /dev/urandom >"$WORK/site/data.bin"

site_file() { # $1 = the copies: block
  mkdir -p "$WORK/home/jobs"
  printf 'site:\n  transport: local\nfiles:\n  remote_path: %s\nbackup:\n  destination: backups\ncopies:\n%s' \
    "$WORK/site" "$1" >"$WORK/home/jobs/bench.yaml"
}
backup() { # $1 = label
  (cd "$WORK/home" && BB_S3_SECRET=bench-secret java -Xmx64m -jar "$JAR" job=backup site=bench \
    >"$WORK/$1.out" 2>"$WORK/$1.err") || { tail -n 20 "$WORK/$1.err" >&2; exit 1; }
}

site_file "  - {name: s3, type: s3, endpoint: '$S3', region: eu-west-3, bucket: $BUCKET, access_key: bench-access-key,
     secret_key: '\${BB_S3_SECRET}', part_size_mb: 16}
"
say "tool: copy to S3Mock"
backup s3
TOOL_S3=$(log_span "$WORK/s3.err" 'step copyOffsite' 'step pruneRetention')
ARCHIVE=$(ls "$WORK"/home/backups/bench/*.tar.gz | head -n 1)
BYTES=$(stat -c %s "$ARCHIVE")

say "raw: curl --upload-file, then curl (read back)"
t0=$(now)
curl -fsS -o /dev/null --upload-file "$ARCHIVE" "$S3/$BUCKET/curl/$(basename "$ARCHIVE")"
curl -fsS -o /dev/null "$S3/$BUCKET/curl/$(basename "$ARCHIVE")"
RAW_S3=$(secs "$t0" "$(now)")
AWS_S3=
if command -v aws >/dev/null 2>&1; then
  say "raw: aws s3 cp (multipart, concurrent), then aws s3 cp to stdout (read back)"
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=eu-west-3 \
    AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  t0=$(now)
  aws --endpoint-url "$S3" s3 cp --only-show-errors "$ARCHIVE" "s3://$BUCKET/aws/$(basename "$ARCHIVE")"
  aws --endpoint-url "$S3" s3 cp --only-show-errors "s3://$BUCKET/aws/$(basename "$ARCHIVE")" - >/dev/null
  AWS_S3=$(secs "$t0" "$(now)")
fi

site_file "  - {name: nas, type: sftp, host: 127.0.0.1, port: $SSH_PORT, user: bbcopy, private_key_path: $KEY,
     known_hosts: $KNOWN_HOSTS, path: bench-offsite}
"
say "tool: copy over SFTP"
backup sftp
TOOL_SFTP=$(log_span "$WORK/sftp.err" 'step copyOffsite' 'step pruneRetention')
ARCHIVE2=$(ls -t "$WORK"/home/backups/bench/*.tar.gz | head -n 1)
BYTES2=$(stat -c %s "$ARCHIVE2")

say "raw: sftp -b (put, then get)"
printf 'put %s raw.tar.gz\nget raw.tar.gz /dev/null\nrm raw.tar.gz\n' "$ARCHIVE2" >"$WORK/batch"
t0=$(now)
sftp -q -b "$WORK/batch" -i "$KEY" -o UserKnownHostsFile="$KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
  -P "$SSH_PORT" bbcopy@127.0.0.1 >/dev/null
RAW_SFTP=$(secs "$t0" "$(now)")

printf 'archive %s bytes (s3 run), %s bytes (sftp run)\n' "$BYTES" "$BYTES2"
printf '%-6s %-28s %8s s %6s MB/s\n' s3 "tool (upload + read-back)" "$TOOL_S3" "$(rate "$BYTES" "$TOOL_S3")"
printf '%-6s %-28s %8s s %6s MB/s\n' s3 "curl (PUT + GET)" "$RAW_S3" "$(rate "$BYTES" "$RAW_S3")"
[ -z "$AWS_S3" ] || printf '%-6s %-28s %8s s %6s MB/s\n' s3 "aws s3 cp (up + down)" "$AWS_S3" "$(rate "$BYTES" "$AWS_S3")"
printf '%-6s %-28s %8s s %6s MB/s\n' sftp "tool (upload + read-back)" "$TOOL_SFTP" "$(rate "$BYTES2" "$TOOL_SFTP")"
printf '%-6s %-28s %8s s %6s MB/s\n' sftp "sftp -b (put + get)" "$RAW_SFTP" "$(rate "$BYTES2" "$RAW_SFTP")"
grep -h '^backup ' "$WORK/s3.out" "$WORK/sftp.out"
