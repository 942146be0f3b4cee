#!/usr/bin/env bash
# Sets up what the tests need (apt packages incl. Xvfb, openssl, D-Bus; Go
# modules) and runs the whole suite: gofmt, go vet, every test and the seed
# corpus of every fuzz target, and the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export LANG=en_US.UTF-8 # Fyne rejects the bare "C" locale

unformatted=$(gofmt -l $(git ls-files '*.go'))
if [[ -n "$unformatted" ]]; then
  echo "test: gofmt needed on:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go test -count=1 -timeout 30m ./...
