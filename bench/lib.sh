# Shared by the bench scripts (sourced). The caller defines JAR (the jar to run), say, now and
# secs.

# timed_jar PREFIX WORDS...: runs the jar at -Xmx64m under /usr/bin/time -v (stdout, stderr and
# times in PREFIX.*) -> T_SECS T_EXIT T_RSS_MB (peak RSS) T_LAST (its summary line)
timed_jar() {
  local prefix=$1 t0 t1 rss
  shift
  T_EXIT=0
  t0=$(now)
  BB_BENCH_DB_PASSWORD=${DB_PASSWORD:-} /usr/bin/time -v -o "$prefix.time" java -Xmx64m -jar "$JAR" "$@" \
    >"$prefix.stdout" 2>"$prefix.stderr" || T_EXIT=$?
  t1=$(now)
  T_SECS=$(secs "$t0" "$t1")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$prefix.time" 2>/dev/null || true)
  T_RSS_MB=$(awk -v k="${rss:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
  T_LAST=$(grep -v '^[[:space:]]*$' "$prefix.stdout" | tail -n 1 || true)
  if [ "$T_EXIT" != 0 ]; then
    say "exit code $T_EXIT of java -jar $*; last lines of its stderr:"
    tail -n 15 "$prefix.stderr" >&2 || true
  fi
}

# sshd_yaml KEY KNOWN_HOSTS: the ssh: section of a site file for the test environment's sshd
sshd_yaml() {
  printf 'ssh:\n  host: 127.0.0.1\n  port: 2222\n  user: bbtest\n  private_key_path: %s\n  known_hosts: %s\n' "$1" "$2"
}
