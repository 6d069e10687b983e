#!/usr/bin/env bash
# Builds backup-batch and backs up the bundled demo site (./demo/site, no server, no database)
# into ./backups/demo/. Run from the repository root, as root on a fresh Debian machine.
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.."
scripts/build-tools.sh
mvn -B -q package -DskipTests
java -jar target/backup-batch.jar job=backup site=demo
