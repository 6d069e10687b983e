#!/usr/bin/env bash
# Runs the whole test suite: installs the build tools, starts the test environment (a dedicated
# sshd on 127.0.0.1:2222 with a test user and site, MariaDB with fixtures: scripts/test-env.sh),
# then `mvn verify` (unit tests, then the packaged jar against the real sshd and MariaDB).
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
scripts/build-tools.sh
scripts/test-env.sh up
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mvn -B verify "$@"
