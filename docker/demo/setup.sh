#!/bin/sh
# demo-setup: run once by `docker compose --profile demo up` before the site's sshd starts.
# Makes what a user would get from a host and from ssh-keygen, into two volumes:
#   /keys  (the site's): its host key and the client's public key (authorized_keys)
#   /data  (backup-batch's home): the client's private key, known_hosts naming the site's host
#          key, and the site file jobs/wordpress-demo.yaml
# Nothing is overwritten on a second run. The home belongs to the image's user (uid 10001).
set -eu
umask 077
mkdir -p /data/keys /data/jobs
if [ ! -f /keys/ssh_host_ed25519_key ]; then
    ssh-keygen -q -t ed25519 -N '' -C demo-site -f /keys/ssh_host_ed25519_key
fi
if [ ! -f /data/keys/demo_ed25519 ]; then
    ssh-keygen -q -t ed25519 -N '' -C backup-batch-demo -f /data/keys/demo_ed25519
fi
cp /data/keys/demo_ed25519.pub /keys/authorized_keys
chmod 644 /keys/authorized_keys /keys/ssh_host_ed25519_key.pub
printf 'site %s\n' "$(cut -d' ' -f1,2 /keys/ssh_host_ed25519_key.pub)" > /data/keys/known_hosts
[ -f /data/jobs/wordpress-demo.yaml ] || cp /opt/demo/wordpress-demo.yaml /data/jobs/wordpress-demo.yaml
chown -R "${BACKUP_BATCH_UID:-10001}:${BACKUP_BATCH_GID:-10001}" /data/keys /data/jobs
chmod 600 /data/keys/demo_ed25519
echo "demo ready: docker compose -f docker/docker-compose.yml run --rm backup-batch job=backup site=wordpress-demo"
