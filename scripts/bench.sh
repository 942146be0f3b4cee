#!/usr/bin/env bash
# Runs every benchmark once; each prints its ratio against a floor measured
# in the same run (raw TLS, raw AEAD, plain SQLite), never a bare time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
go test -run '^$' -bench . -benchtime "${BENCHTIME:-1s}" ./... "$@"
