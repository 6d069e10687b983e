#!/usr/bin/env bash
# Integration-test environment for backup-batch, on this machine, as root, without Docker.
#
#   scripts/test-env.sh [up]   install what is missing, start what is stopped, reset the fixtures
#   scripts/test-env.sh down   stop the dedicated sshd (MariaDB is left running)
#   scripts/test-env.sh sshd-stop   stop the dedicated sshd AND drop its live sessions (what a
#                                   host's sshd crash or restart does to a running backup)
#   scripts/test-env.sh sshd-start  start the dedicated sshd again (fixtures untouched), wait for it
#
# `up` is idempotent and quick once everything is in place. It gives:
#   - MariaDB on 127.0.0.1:3306 and its socket, root with an empty password on both;
#     database bb_wordpress (re-created from src/test/resources/fixtures/wordpress.sql)
#     owned by the DB users 'bb_wp'@'localhost' / 'bb_wp'@'127.0.0.1' (ALL on `bb\_%`.*);
#   - a dedicated sshd on 127.0.0.1:$BB_TEST_SSH_PORT (default 2222) that lets only the
#     unprivileged user bbtest in, by key;
#   - a WordPress-like site in /home/bbtest/www (re-created on every `up`);
#   - a second account, bbcopy (same client key, home /home/bbcopy), the SFTP side of the
#     off-site copy tests;
#   - S3Mock (Adobe's S3-compatible test server, a Spring Boot jar from Maven Central, run as a
#     process, no Docker) on http://127.0.0.1:$BB_TEST_S3_PORT (default 9090; https on 9191),
#     any credentials accepted; tests create their own buckets;
#   - $BB_TEST_DIR (default /var/tmp/backup-batch-test): client key, known_hosts, sshd state,
#     db-password and test-env.properties (what the Java tests read).
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

ACTION=${1:-up}

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
FIXTURE_SQL=$REPO_ROOT/src/test/resources/fixtures/wordpress.sql

BB_TEST_DIR=${BB_TEST_DIR:-/var/tmp/backup-batch-test}
SSH_PORT=${BB_TEST_SSH_PORT:-2222}
SSH_HOST=127.0.0.1
TEST_USER=bbtest
TEST_HOME=/home/bbtest
COPY_USER=bbcopy
COPY_HOME=/home/bbcopy
S3MOCK_VERSION=5.2.0
S3_PORT=${BB_TEST_S3_PORT:-9090}
S3_HTTPS_PORT=${BB_TEST_S3_HTTPS_PORT:-9191}
SITE_DIR=$TEST_HOME/www
SITE_URL=https://blog.example.test
DB_NAME=bb_wordpress
DB_USER=bb_wp
DB_ROOT_CLI='mariadb -uroot -h127.0.0.1'
# The one place where the test DB password is written down (20 characters:
# P a ' s s " w $ r d ; \ ` # e x ! 9 <space> Z). Everything else reads $BB_TEST_DIR/db-password.
DB_PASSWORD='Pa'"'"'ss"w$rd;\`#ex!9 Z'

CLIENT_DIR=$BB_TEST_DIR/client
CLIENT_KEY=$CLIENT_DIR/id_ed25519
KNOWN_HOSTS=$CLIENT_DIR/known_hosts
SSHD_DIR=$BB_TEST_DIR/sshd
SSHD_CONFIG=$SSHD_DIR/sshd_config
SSHD_PID=$SSHD_DIR/sshd.pid
SSHD_LOG=$SSHD_DIR/sshd.log
PASSWORD_FILE=$BB_TEST_DIR/db-password
PROPERTIES_FILE=$BB_TEST_DIR/test-env.properties
MARIADB_LOG=$BB_TEST_DIR/mariadbd.log

PACKAGES=(openssh-server openssh-client mariadb-client tar gzip pigz gnupg time php-cli coreutils findutils procps)

log() { printf '[test-env] %s\n' "$*" >&2; }
die() { printf '[test-env] ERROR: %s\n' "$*" >&2; exit 1; }

TMP_DIR=
POLICY_RC_D_CREATED=
cleanup() {
  if [ -n "$POLICY_RC_D_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -n "$TMP_DIR" ]; then rm -rf -- "$TMP_DIR"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- escaping helpers

# 'text' for a MariaDB string literal (default sql_mode: backslash escapes are on) and for a
# PHP single-quoted string: in both, \ becomes \\ and ' becomes \'.
quote_backslash_single() {
  local s=${1//\\/\\\\}
  s=${s//\'/\\\'}
  printf "'%s'" "$s"
}

# "text" for a MariaDB/MySQL option file (my.cnf) value: \ -> \\, " -> \".
# Inside double quotes, '#' and ';' are not comments and a ' is plain text.
quote_mycnf() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# A value escaped exactly as java.util.Properties.store would (so Properties.load, from a
# stream or a reader, gives it back): \ = : # ! escaped, a leading space escaped, control
# characters as \t \n \r \f or \uXXXX, and every non-ASCII character as \uXXXX
# (UTF-16 surrogate pairs above U+FFFF).
java_props_escape() {
  local LC_ALL=C.UTF-8
  local s=$1 out='' c code i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      '\') out+='\\' ;;
      '=' | ':' | '#' | '!') out+="\\$c" ;;
      ' ') if ((i == 0)); then out+='\ '; else out+=' '; fi ;;
      $'\t') out+='\t' ;;
      $'\n') out+='\n' ;;
      $'\r') out+='\r' ;;
      $'\f') out+='\f' ;;
      *)
        printf -v code '%d' "'$c"
        if ((code >= 0x20 && code <= 0x7e)); then
          out+=$c
        elif ((code > 0xFFFF)); then
          code=$((code - 0x10000))
          printf -v c '\\u%04X\\u%04X' $((0xD800 + (code >> 10))) $((0xDC00 + (code & 0x3FF)))
          out+=$c
        else
          printf -v c '\\u%04X' "$code"
          out+=$c
        fi
        ;;
    esac
  done
  printf '%s' "$out"
}

# ---------------------------------------------------------------- 1. packages and MariaDB

missing_packages() {
  local p status
  for p in "${PACKAGES[@]}" "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || printf '%s\n' "$p"
  done
}

apt_install() {
  log "installing: $*"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services (the system sshd, mariadb): we start our own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_RC_D_CREATED=1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -q >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  apt-get install -y -q --no-install-recommends "$@" >"$BB_TEST_DIR/apt.log" 2>&1 \
    || { tail -n 30 "$BB_TEST_DIR/apt.log" >&2; die "apt-get install $* failed (log: $BB_TEST_DIR/apt.log)"; }
  if [ -n "$POLICY_RC_D_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_D_CREATED=; fi
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  local c
  for c in sshd ssh ssh-keygen mariadb mysqldump tar gzip gpg php; do
    command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || die "command '$c' still missing after install"
  done
  [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) missing after install"
}

db_tcp_ok() { mariadb -uroot -h127.0.0.1 -P3306 --connect-timeout=2 -e 'select 1' >/dev/null 2>&1; }
db_socket_ok() { mariadb -uroot --connect-timeout=2 -e 'select 1' >/dev/null 2>&1; }

start_mariadb() {
  if [ -n "$(missing_packages mariadb-server | grep -x mariadb-server || true)" ]; then
    apt_install mariadb-server
  fi
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    log "initialising the MariaDB data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >"$BB_TEST_DIR/mariadb-install-db.log" 2>&1 \
      || { tail -n 20 "$BB_TEST_DIR/mariadb-install-db.log" >&2; die "mariadb-install-db failed"; }
  fi
  log "starting MariaDB (log: $MARIADB_LOG)"
  start-stop-daemon --start --oknodo --background --output "$MARIADB_LOG" \
    --exec /usr/sbin/mariadbd -- --user=mysql 9>&-
  local i
  for ((i = 0; i < 120; i++)); do
    if db_socket_ok || db_tcp_ok; then return 0; fi
    sleep 0.5
  done
  tail -n 20 "$MARIADB_LOG" >&2 || true
  die "MariaDB did not answer within 60 s (mariadb -uroot / -h127.0.0.1); see $MARIADB_LOG"
}

ensure_mariadb() {
  db_tcp_ok && db_socket_ok && return 0
  if ! db_tcp_ok && ! db_socket_ok; then start_mariadb; fi
  if ! db_tcp_ok && db_socket_ok; then
    # Fresh Debian install: root@localhost is unix_socket only. Let root in over TCP too,
    # with an empty password, as on the project's machines.
    log "enabling root login with an empty password over 127.0.0.1"
    mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
FLUSH PRIVILEGES;
SQL
  fi
  db_socket_ok || die "MariaDB: 'mariadb -uroot' (socket) does not log in"
  db_tcp_ok || die "MariaDB: 'mariadb -uroot -h127.0.0.1' does not log in (is it listening on 127.0.0.1:3306?)"
}

# ---------------------------------------------------------------- 2. user and client key

ensure_user_and_key() {
  if ! id -u "$TEST_USER" >/dev/null 2>&1; then
    log "creating user $TEST_USER"
    useradd --create-home --home-dir "$TEST_HOME" --shell /bin/bash "$TEST_USER"
  fi
  [ "$(getent passwd "$TEST_USER" | cut -d: -f7)" = /bin/bash ] || usermod -s /bin/bash "$TEST_USER"
  # useradd leaves the password field as '!' (locked); with UsePAM no, sshd refuses locked
  # accounts even for key logins. '*' = no password, not locked.
  case $(getent shadow "$TEST_USER" | cut -d: -f2) in
    '!'*) usermod -p '*' "$TEST_USER" ;;
  esac
  install -d -o "$TEST_USER" -g "$TEST_USER" -m 750 "$TEST_HOME"
  chmod go-w "$TEST_HOME"

  install -d -m 755 "$BB_TEST_DIR"
  install -d -m 700 "$CLIENT_DIR"
  if [ ! -s "$CLIENT_KEY" ]; then
    log "generating the client key $CLIENT_KEY"
    rm -f "$CLIENT_KEY" "$CLIENT_KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C "bbtest-client@backup-batch-test" -f "$CLIENT_KEY"
  fi
  [ -s "$CLIENT_KEY.pub" ] || ssh-keygen -y -f "$CLIENT_KEY" >"$CLIENT_KEY.pub"
  chmod 600 "$CLIENT_KEY"
  chmod 644 "$CLIENT_KEY.pub"

  local ssh_dir=$TEST_HOME/.ssh auth pub
  auth=$ssh_dir/authorized_keys
  install -d -o "$TEST_USER" -g "$TEST_USER" -m 700 "$ssh_dir"
  pub=$(cat "$CLIENT_KEY.pub")
  touch "$auth"
  grep -qxF -- "$pub" "$auth" || printf '%s\n' "$pub" >>"$auth"
  chown "$TEST_USER:$TEST_USER" "$auth"
  chmod 600 "$auth"
}

# The SFTP account of the off-site copy tests: same client key, its own home.
ensure_copy_user() {
  if ! id -u "$COPY_USER" >/dev/null 2>&1; then
    log "creating user $COPY_USER"
    useradd --create-home --home-dir "$COPY_HOME" --shell /bin/bash "$COPY_USER"
  fi
  case $(getent shadow "$COPY_USER" | cut -d: -f2) in
    '!'*) usermod -p '*' "$COPY_USER" ;;
  esac
  install -d -o "$COPY_USER" -g "$COPY_USER" -m 750 "$COPY_HOME"
  install -d -o "$COPY_USER" -g "$COPY_USER" -m 700 "$COPY_HOME/.ssh"
  local auth=$COPY_HOME/.ssh/authorized_keys pub
  pub=$(cat "$CLIENT_KEY.pub")
  touch "$auth"
  grep -qxF -- "$pub" "$auth" || printf '%s\n' "$pub" >>"$auth"
  chown "$COPY_USER:$COPY_USER" "$auth"
  chmod 600 "$auth"
}

s3_port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$S3_PORT" 2>/dev/null; }

# S3Mock as a process: fetched once through Maven (the exec jar), started when its port is closed.
ensure_s3mock() {
  local dir=$BB_TEST_DIR/s3mock jar
  jar=$dir/s3mock-$S3MOCK_VERSION.jar
  install -d -m 755 "$dir" "$dir/root"
  if [ ! -s "$jar" ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn is needed to fetch S3Mock"
    log "fetching S3Mock $S3MOCK_VERSION"
    mvn -B -q dependency:get -Dartifact="com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec" -Dtransitive=false \
      || die "cannot fetch com.adobe.testing:s3mock:$S3MOCK_VERSION (exec jar)"
    cp "${HOME}/.m2/repository/com/adobe/testing/s3mock/$S3MOCK_VERSION/s3mock-$S3MOCK_VERSION-exec.jar" "$jar.tmp"
    mv "$jar.tmp" "$jar"
  fi
  s3_port_open && return 0
  log "starting S3Mock on 127.0.0.1:$S3_PORT (log: $dir/s3mock.log)"
  setsid nohup java -Xmx512m -jar "$jar" --server.port="$S3_HTTPS_PORT" \
    --com.adobe.testing.s3mock.httpPort="$S3_PORT" \
    --com.adobe.testing.s3mock.store.root="$dir/root" \
    --com.adobe.testing.s3mock.store.retain-files-on-exit=true \
    >"$dir/s3mock.log" 2>&1 9>&- </dev/null &
  echo $! >"$dir/s3mock.pid"
  local i
  for ((i = 0; i < 120; i++)); do
    s3_port_open && return 0
    sleep 0.5
  done
  tail -n 20 "$dir/s3mock.log" >&2 || true
  die "S3Mock does not answer on 127.0.0.1:$S3_PORT; see $dir/s3mock.log"
}

# ---------------------------------------------------------------- 3. dedicated sshd

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$SSH_HOST/$SSH_PORT" 2>/dev/null; }

sshd_pid_alive() {
  local pid
  [ -s "$SSHD_PID" ] || return 1
  pid=$(cat "$SSHD_PID")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/sshd ]
}

stop_sshd() {
  if sshd_pid_alive; then
    local pid i
    pid=$(cat "$SSHD_PID")
    kill "$pid"
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && die "sshd (pid $pid) did not stop"
    rm -f "$SSHD_PID"
    return 0
  fi
  rm -f "$SSHD_PID"
  return 1
}

write_sshd_config() {
  cat <<EOF
# Dedicated sshd for the backup-batch integration tests.
# Written by scripts/test-env.sh on every 'up': edit the script, not this file.
Port $SSH_PORT
ListenAddress $SSH_HOST
HostKey "$SSHD_DIR/ssh_host_ed25519_key"
HostKey "$SSHD_DIR/ssh_host_ecdsa_key"
HostKey "$SSHD_DIR/ssh_host_rsa_key"
PidFile "$SSHD_PID"
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $TEST_USER $COPY_USER
UsePAM no
StrictModes yes
MaxSessions 20
MaxStartups 50
MaxAuthTries 6
LoginGraceTime 30
UseDNS no
X11Forwarding no
AllowAgentForwarding no
PrintMotd no
PrintLastLog no
AcceptEnv LANG LC_*
Subsystem sftp internal-sftp
LogLevel INFO
EOF
}

ensure_sshd() {
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  install -d -m 700 "$SSHD_DIR"
  local t
  for t in ed25519 ecdsa rsa; do
    if [ ! -s "$SSHD_DIR/ssh_host_${t}_key" ]; then
      log "generating the sshd host key ($t)"
      rm -f "$SSHD_DIR/ssh_host_${t}_key" "$SSHD_DIR/ssh_host_${t}_key.pub"
      ssh-keygen -q -t "$t" -N '' -C "backup-batch-test-host" -f "$SSHD_DIR/ssh_host_${t}_key"
    fi
    [ -s "$SSHD_DIR/ssh_host_${t}_key.pub" ] \
      || ssh-keygen -y -f "$SSHD_DIR/ssh_host_${t}_key" >"$SSHD_DIR/ssh_host_${t}_key.pub"
    chmod 600 "$SSHD_DIR/ssh_host_${t}_key"
  done

  local changed=
  write_sshd_config >"$TMP_DIR/sshd_config"
  if ! cmp -s "$TMP_DIR/sshd_config" "$SSHD_CONFIG"; then
    mv "$TMP_DIR/sshd_config" "$SSHD_CONFIG"
    chmod 600 "$SSHD_CONFIG"
    changed=1
  fi
  /usr/sbin/sshd -t -f "$SSHD_CONFIG" || die "sshd rejects $SSHD_CONFIG"

  if sshd_pid_alive && port_open && [ -z "$changed" ]; then
    return 0
  fi
  if stop_sshd; then log "restarting the test sshd"; fi
  if port_open; then
    die "port $SSH_HOST:$SSH_PORT is taken by another process (set BB_TEST_SSH_PORT)"
  fi
  log "starting the test sshd on $SSH_HOST:$SSH_PORT (log: $SSHD_LOG)"
  /usr/sbin/sshd -f "$SSHD_CONFIG" -E "$SSHD_LOG" 9>&- || die "sshd did not start; see $SSHD_LOG"
  local i
  for ((i = 0; i < 100; i++)); do
    if port_open && sshd_pid_alive; then return 0; fi
    sleep 0.1
  done
  tail -n 20 "$SSHD_LOG" >&2 || true
  die "the test sshd does not answer on $SSH_HOST:$SSH_PORT; see $SSHD_LOG"
}

write_known_hosts() {
  local name=$SSH_HOST t
  [ "$SSH_PORT" = 22 ] || name="[$SSH_HOST]:$SSH_PORT"
  {
    for t in ed25519 ecdsa rsa; do
      printf '%s %s\n' "$name" "$(cut -d' ' -f1,2 "$SSHD_DIR/ssh_host_${t}_key.pub")"
    done
  } >"$TMP_DIR/known_hosts"
  cmp -s "$TMP_DIR/known_hosts" "$KNOWN_HOSTS" || mv "$TMP_DIR/known_hosts" "$KNOWN_HOSTS"
  chmod 644 "$KNOWN_HOSTS"
}

ssh_test() {
  ssh -F /dev/null -i "$CLIENT_KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$KNOWN_HOSTS" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -o LogLevel=ERROR \
    -p "$SSH_PORT" "$TEST_USER@$SSH_HOST" "$@"
}

# ---------------------------------------------------------------- 4. MariaDB fixtures

ensure_database() {
  [ -r "$FIXTURE_SQL" ] || die "fixture not found: $FIXTURE_SQL"
  (umask 077 && printf '%s' "$DB_PASSWORD" >"$PASSWORD_FILE")
  chmod 600 "$PASSWORD_FILE"

  local pw_sql host
  pw_sql=$(quote_backslash_single "$DB_PASSWORD")
  {
    printf 'DROP DATABASE IF EXISTS `%s`;\n' "$DB_NAME"
    printf 'CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n' "$DB_NAME"
    for host in localhost 127.0.0.1; do
      printf "DROP USER IF EXISTS '%s'@'%s';\n" "$DB_USER" "$host"
      printf "CREATE USER '%s'@'%s' IDENTIFIED BY %s;\n" "$DB_USER" "$host" "$pw_sql"
      # `bb\_%`: the underscore is escaped so it is literal in the grant pattern.
      printf "GRANT ALL PRIVILEGES ON \`bb\\\\_%%\`.* TO '%s'@'%s';\n" "$DB_USER" "$host"
    done
  } | mariadb -uroot -h127.0.0.1 || die "could not (re)create $DB_NAME and the user $DB_USER"

  # Log in as bb_wp with an option file (as the tool does), load the fixture as that user so
  # routines, triggers, views and the event belong to it, as on a shared host.
  local cnf=$TMP_DIR/bb_wp.cnf
  (umask 077 && printf '[client]\nuser=%s\npassword=%s\ndefault-character-set=utf8mb4\n' \
    "$DB_USER" "$(quote_mycnf "$DB_PASSWORD")" >"$cnf")
  mariadb --defaults-file="$cnf" -h127.0.0.1 -e 'select 1' >/dev/null \
    || die "$DB_USER cannot log in over 127.0.0.1 with the password of $PASSWORD_FILE"
  mariadb --defaults-file="$cnf" "$DB_NAME" <"$FIXTURE_SQL" \
    || die "loading $FIXTURE_SQL into $DB_NAME failed"
  local siteurl
  siteurl=$(mariadb --defaults-file="$cnf" -N -B -e "select option_value from wp_options where option_name='siteurl'" "$DB_NAME")
  [ "$siteurl" = "$SITE_URL" ] || die "fixture check failed: siteurl='$siteurl'"
}

# ---------------------------------------------------------------- 5. WordPress-like site

write_wp_config() {
  cat <<'PHP'
<?php
/**
 * The base configuration for WordPress
 *
 * Test fixture of backup-batch (scripts/test-env.sh): a real-looking wp-config.php
 * whose DB_PASSWORD needs PHP single-quote escapes (\' and \\).
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'bb_wordpress' );

/** Database username */
define( 'DB_USER', 'bb_wp' );

PHP
  printf "/** Database password */\ndefine( 'DB_PASSWORD', %s );\n" "$(quote_backslash_single "$DB_PASSWORD")"
  cat <<'PHP'

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */
define( 'AUTH_KEY',         'r#8+K|w[Q@u-1]pD^xU5kKq,.U~$w}+P0s0|:3f=9m`Lz!ZyC{0B{TtO(Z5nX7Wv' );
define( 'SECURE_AUTH_KEY',  '7G;Vb-y+qj<9Z!hQK+1-e^]i7m!L/}0)o&hD%Qk#tbZx)`5Gq.4bH6G|XQq:@~o!' );
define( 'LOGGED_IN_KEY',    'w+0J,N|YxmH_Zk;.<!-Db5x5!Nn8&C_x1~u$4M8C^a?/zXl+qf$6o{8@u3a2E!n(' );
define( 'NONCE_KEY',        'i3J8{!^r0m[P,3wP<5#?|tDA-G0zE6M=2r^-BW$A#5[2vR3lQ<8(q:8=Z2d~y*Jk' );
define( 'AUTH_SALT',        'L|`%3y6|Qk.9M^k8+&FZL+f-8^W?]wN?6n3BdK0{U8p^+Hr!7U`oA9F$]l[O7%$q' );
define( 'SECURE_AUTH_SALT', 'H)?7bCr9v-vP!1d4H1zQ@4<F=!|b<7YB4G~z,5~q&+|kW3lN(6m8ZgV~7%E(_!nG' );
define( 'LOGGED_IN_SALT',   'c~5k%E}p6UT+4mL?wX<Zb4pJ8n/(9dO-x>[Y)3K^G=oZ_2hH7u,LQ?6xS;!7Qk2L' );
define( 'NONCE_SALT',       'J^9|2F~n;Z!k?}3L@U7e|8m)N5Q]1=Wv%Hx4GPq.6<sY(+3bR?vA{M8i~0zT]wEo' );
/**#@-*/

/**
 * WordPress database table prefix.
 */
$table_prefix = 'wp_';

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_HOME', 'https://blog.example.test' );
define( 'WP_SITEURL', 'https://blog.example.test' );

/* Add any custom values between this line and the "stop editing" line. */



/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
PHP
}

ensure_site() {
  # Always rebuilt from scratch, so every `up` gives the same tree.
  [ "$SITE_DIR" = /home/bbtest/www ] || die "unexpected SITE_DIR $SITE_DIR"
  rm -rf -- "$SITE_DIR"
  mkdir -p -- "$SITE_DIR"
  (
    cd -- "$SITE_DIR"
    write_wp_config >wp-config.php
    cat >index.php <<'PHP'
<?php
/**
 * Front to the WordPress application.
 *
 * @package WordPress
 */
define( 'WP_USE_THEMES', true );
require __DIR__ . '/wp-blog-header.php';
PHP
    printf '%s\n' '<?php' '// Test stub of wp-settings.php: the real one loads WordPress.' \
      "if ( ! defined( 'ABSPATH' ) ) { exit; }" >wp-settings.php
    printf '%s\n' '<?php' '// Test stub.' "require_once __DIR__ . '/wp-load.php';" >wp-blog-header.php
    printf '%s\n' '<?php' '// Test stub.' "require_once __DIR__ . '/wp-config.php';" >wp-load.php
    mkdir -p wp-includes wp-admin
    printf '%s\n' '<?php' "\$wp_version = '6.7.1';" '$wp_db_version = 58975;' >wp-includes/version.php
    printf '%s\n' '<?php' '// Test stub.' >wp-admin/index.php
    cat >.htaccess <<'HTACCESS'
# BEGIN WordPress
# The directives (lines) between "BEGIN WordPress" and "END WordPress" are
# dynamically generated, and should only be modified via WordPress filters.
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
RewriteBase /
RewriteRule ^index\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
HTACCESS

    mkdir -p wp-content/themes/bb-theme wp-content/plugins/bb-hello wp-content/upgrade \
      wp-content/uploads/2026/11 wp-content/cache/page-enhanced/blog.example.test/2026 \
      wp-content/cache/object/0a
    printf '%s\n' '<?php' '// Silence is golden.' >wp-content/index.php
    cat >wp-content/themes/bb-theme/style.css <<'CSS'
/*
Theme Name: BB Theme
Theme URI: https://blog.example.test/
Author: Éloïse
Description: Thème de test — «backup-batch» ✨
Version: 1.0.0
Text Domain: bb-theme
*/
body { font-family: "Helvetica Neue", sans-serif; color: #333; }
CSS
    printf '%s\n' '<?php' "add_action( 'after_setup_theme', function () { add_theme_support( 'title-tag' ); } );" \
      >wp-content/themes/bb-theme/functions.php
    printf '%s\n' '<?php get_header(); ?>' '<main><?php the_content(); ?></main>' '<?php get_footer(); ?>' \
      >wp-content/themes/bb-theme/index.php
    printf '%s\n' '<?php' '/*' ' * Plugin Name: BB Hello' ' * Version: 0.1' ' */' >wp-content/plugins/bb-hello/bb-hello.php

    # Small binary uploads: a 70-byte PNG, a 43-byte GIF, all 256 byte values.
    printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' \
      | base64 -d >wp-content/uploads/2026/11/pixel.png
    cp wp-content/uploads/2026/11/pixel.png wp-content/uploads/2026/11/header.png
    printf '%s' 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==' \
      | base64 -d >wp-content/uploads/2026/11/spacer.gif
    local i bytes=''
    for ((i = 0; i < 256; i++)); do bytes+=$(printf '\\x%02x' "$i"); done
    printf "$bytes" >wp-content/uploads/2026/11/all-bytes.bin

    # Cache (to be excluded by patterns) and a debug log.
    printf '<!DOCTYPE html><html><body>cached page %s</body></html>\n' 1 \
      >wp-content/cache/page-enhanced/blog.example.test/_index_ssl.html
    printf '<!DOCTYPE html><html><body>cached page %s</body></html>\n' 2 \
      >wp-content/cache/page-enhanced/blog.example.test/2026/_index_ssl.html
    printf '%s\n' '<?php exit; ?>a:1:{s:3:"foo";s:3:"bar";}' >wp-content/cache/object/0a/0a1b2c3d.php
    cat >wp-content/debug.log <<'LOG'
[29-Nov-2026 03:25:51 UTC] PHP Notice:  Function _load_textdomain_just_in_time was called incorrectly. in /home/bbtest/www/wp-includes/functions.php on line 6114
[29-Nov-2026 03:25:52 UTC] PHP Warning:  Undefined array key "HTTP_HOST" in /home/bbtest/www/wp-config.php on line 42
LOG

    # Links: one good (relative), one dangling.
    ln -s 2026/11/pixel.png wp-content/uploads/latest.png
    ln -s ../does-not-exist/nowhere.jpg wp-content/uploads/broken-link.jpg

    # Names that must stay data, never code or options.
    printf 'with space\n' >'with space.txt'
    printf 'quote\n' >"quote'd.txt"
    printf 'not a command\n' >'$(touch pwned).txt'
    printf 'not an option\n' >'./-rf'
    printf 'accents\n' >'éàü-ñ.txt'
  )
  chown -R -h "$TEST_USER:$TEST_USER" "$SITE_DIR"
  chmod -R u+rwX,go+rX,go-w "$SITE_DIR"

  php -l "$SITE_DIR/wp-config.php" >/dev/null || die "php -l rejects $SITE_DIR/wp-config.php"
  # Including it (ABSPATH points at the site, whose wp-settings.php is a stub) must give
  # back the exact password.
  php -r 'include $argv[1]; echo DB_PASSWORD;' "$SITE_DIR/wp-config.php" >"$TMP_DIR/php-password"
  cmp -s "$TMP_DIR/php-password" "$PASSWORD_FILE" \
    || die "DB_PASSWORD read by PHP from wp-config.php differs from $PASSWORD_FILE"
}

# ---------------------------------------------------------------- 6. test-env.properties

write_properties() {
  local kv k v
  local -a entries=(
    "ssh.host=$SSH_HOST"
    "ssh.port=$SSH_PORT"
    "ssh.user=$TEST_USER"
    "ssh.private_key=$CLIENT_KEY"
    "ssh.known_hosts=$KNOWN_HOSTS"
    "ssh.home=$TEST_HOME"
    "site.path=$SITE_DIR"
    "site.url=$SITE_URL"
    "db.host=localhost"
    "db.port=3306"
    "db.name=$DB_NAME"
    "db.user=$DB_USER"
    "db.password=$DB_PASSWORD"
    "db.root.cli=$DB_ROOT_CLI"
    "db.fixture=$FIXTURE_SQL"
    "sftp.user=$COPY_USER"
    "sftp.home=$COPY_HOME"
    "s3.endpoint=http://127.0.0.1:$S3_PORT"
  )
  {
    printf '# backup-batch test environment, written by scripts/test-env.sh (java.util.Properties format)\n'
    for kv in "${entries[@]}"; do
      k=${kv%%=*}
      v=${kv#*=}
      printf '%s=%s\n' "$k" "$(java_props_escape "$v")"
    done
  } >"$TMP_DIR/test-env.properties"
  if cmp -s "$TMP_DIR/test-env.properties" "$PROPERTIES_FILE"; then return 0; fi
  mv "$TMP_DIR/test-env.properties" "$PROPERTIES_FILE"
  chmod 600 "$PROPERTIES_FILE"
  verify_properties
}

# Only when the file changed: read it back with java.util.Properties itself, if a JDK is here.
verify_properties() {
  command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || return 0
  local src=$TMP_DIR/CheckProps.java
  cat >"$src" <<'JAVA'
import java.io.*;
import java.nio.file.*;
import java.util.Properties;
public class CheckProps {
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(a[0]))) { p.load(in); }
    String want = Files.readString(Path.of(a[1]), java.nio.charset.StandardCharsets.UTF_8);
    if (!want.equals(p.getProperty("db.password"))) { System.err.println("db.password differs"); System.exit(1); }
    if (!a[2].equals(p.getProperty("ssh.private_key"))) { System.err.println("ssh.private_key differs"); System.exit(1); }
  }
}
JAVA
  java "$src" "$PROPERTIES_FILE" "$PASSWORD_FILE" "$CLIENT_KEY" \
    || die "java.util.Properties does not read back $PROPERTIES_FILE as written"
}

# ---------------------------------------------------------------- main

# PostgreSQL on 127.0.0.1:5432, user postgres without password from 127.0.0.1 (trust), and
# RabbitMQ on 127.0.0.1:5672 (guest/guest): the shared repository and broker of the fleet tests
# (FleetIT's distributed cousin DistributedIT). Started only when nothing answers.
pg_ok() { psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; }

ensure_postgresql() {
  pg_ok && return 0
  if [ -n "$(missing_packages postgresql postgresql-client | grep -E -x "postgresql|postgresql-client" || true)" ]; then
    apt_install postgresql postgresql-client
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || die "PostgreSQL: no cluster under /etc/postgresql after install"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    log "PostgreSQL: trusting 127.0.0.1 (test machine only)"
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main reload || true
  local i
  for ((i = 0; i < 60; i++)); do pg_ok && return 0; sleep 0.5; done
  die "PostgreSQL did not answer on 127.0.0.1:5432 as postgres within 30 s"
}

rabbit_ok() { timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' 2>/dev/null; }

ensure_rabbitmq() {
  rabbit_ok && command -v rabbitmqctl >/dev/null && return 0
  if [ -n "$(missing_packages rabbitmq-server | grep -x rabbitmq-server || true)" ]; then
    apt_install rabbitmq-server
  fi
  if ! rabbit_ok; then
    log "starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1 || true
    rabbitmqctl await_startup >/dev/null 2>&1 || true
  fi
  rabbit_ok || die "RabbitMQ did not answer on 127.0.0.1:5672"
}

up() {
  install -d -m 755 "$BB_TEST_DIR"
  exec 9>"$BB_TEST_DIR/.lock"
  flock -w 300 9 || die "another test-env.sh holds $BB_TEST_DIR/.lock"
  TMP_DIR=$(mktemp -d "$BB_TEST_DIR/.tmp.XXXXXX")

  ensure_packages
  ensure_mariadb
  ensure_postgresql
  ensure_rabbitmq
  ensure_user_and_key
  ensure_copy_user
  ensure_sshd
  ensure_s3mock
  write_known_hosts
  ssh_test true || die "ssh as $TEST_USER@$SSH_HOST:$SSH_PORT with $CLIENT_KEY and $KNOWN_HOSTS failed (see $SSHD_LOG)"
  ensure_database
  ensure_site
  write_properties

  # The whole chain as the tool uses it: over SSH, mysqldump with an option file fed on stdin.
  local remote_cnf dump_tail versions
  remote_cnf=$(printf '[client]\nuser=%s\npassword=%s\n' "$DB_USER" "$(quote_mycnf "$DB_PASSWORD")")
  # shellcheck disable=SC2016
  dump_tail=$(printf '%s\n' "$remote_cnf" | ssh_test 'set -e; umask 077; f=$(mktemp); trap "rm -f \"$f\"" EXIT; cat >"$f";
    mysqldump --defaults-file="$f" --single-transaction --quick --routines --triggers --events --hex-blob \
      --default-character-set=utf8mb4 --no-tablespaces bb_wordpress | tail -n 1') \
    || die "mysqldump over SSH as $TEST_USER failed"
  [[ $dump_tail == "-- Dump completed"* ]] || die "mysqldump over SSH did not complete: $dump_tail"
  versions=$(ssh_test 'tar --version | head -n 1; gzip --version | head -n 1; mysqldump --version')

  cat <<EOF
backup-batch test environment is up
  MariaDB    $(mariadb -uroot -h127.0.0.1 -N -B -e 'select version()') on 127.0.0.1:3306 and socket; root: $DB_ROOT_CLI
  database   $DB_NAME (user $DB_USER, password in $PASSWORD_FILE)
  sshd       $SSH_HOST:$SSH_PORT pid $(cat "$SSHD_PID"), user $TEST_USER, key $CLIENT_KEY, known_hosts $KNOWN_HOSTS
  site       $SITE_DIR ($SITE_URL)
  remote     $(printf '%s' "$versions" | paste -sd'|' | sed 's/|/ · /g')
  copies     sftp $COPY_USER@$SSH_HOST:$SSH_PORT ($COPY_HOME) · S3Mock http://127.0.0.1:$S3_PORT
  properties $PROPERTIES_FILE
EOF
}

# The per-connection sshd processes of the dedicated listener ("sshd: bbtest [priv]",
# "sshd: bbtest@notty"): its descendants that run /usr/sbin/sshd. Stopping the listener leaves
# them running, so live connections would survive without this.
sshd_session_pids() {
  local listener=$1 pid child
  local -a queue=("$listener")
  while [ "${#queue[@]}" -gt 0 ]; do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
      queue+=("$child")
      [ "$(readlink "/proc/$child/exe" 2>/dev/null)" = /usr/sbin/sshd ] && printf '%s\n' "$child"
    done
  done
  return 0
}

sshd_stop() {
  install -d -m 755 "$BB_TEST_DIR"
  exec 9>"$BB_TEST_DIR/.lock"
  flock -w 60 9 || die "another test-env.sh holds $BB_TEST_DIR/.lock"
  local -a sessions=()
  if sshd_pid_alive; then
    mapfile -t sessions < <(sshd_session_pids "$(cat "$SSHD_PID")")
  fi
  stop_sshd || true
  if [ "${#sessions[@]}" -gt 0 ]; then
    # KILL: the connections drop at once, as when the host's sshd dies.
    kill -KILL "${sessions[@]}" 2>/dev/null || true
  fi
  local i
  for ((i = 0; i < 50; i++)); do
    port_open || break
    sleep 0.1
  done
  port_open && die "something still answers on $SSH_HOST:$SSH_PORT"
  echo "test sshd on $SSH_HOST:$SSH_PORT stopped, ${#sessions[@]} session process(es) killed"
}

sshd_start() {
  install -d -m 755 "$BB_TEST_DIR"
  exec 9>"$BB_TEST_DIR/.lock"
  flock -w 60 9 || die "another test-env.sh holds $BB_TEST_DIR/.lock"
  TMP_DIR=$(mktemp -d "$BB_TEST_DIR/.tmp.XXXXXX")
  [ -s "$SSHD_CONFIG" ] || die "$SSHD_CONFIG missing: run scripts/test-env.sh up first"
  ensure_sshd
  echo "test sshd on $SSH_HOST:$SSH_PORT running (pid $(cat "$SSHD_PID"))"
}

down() {
  if stop_sshd; then
    echo "test sshd on $SSH_HOST:$SSH_PORT stopped (MariaDB left running)"
  else
    echo "test sshd was not running"
  fi
}

[ "$(id -u)" = 0 ] || die "run as root"
case $ACTION in
  up) up ;;
  down) down ;;
  sshd-stop) sshd_stop ;;
  sshd-start) sshd_start ;;
  *) die "usage: $0 [up|down|sshd-stop|sshd-start]" ;;
esac
