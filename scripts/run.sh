#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine (apt packages, Go modules), builds
# the desktop app and starts it. Extra arguments go to duplex (e.g. --data-dir).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "run: building bin/duplex (the first build compiles the GL toolkit and takes a few minutes)"
go build -o bin/duplex .
exec bin/duplex "$@"
