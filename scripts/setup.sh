#!/usr/bin/env bash
# Installs what Duplex needs on Debian/Ubuntu: the apt packages listed in
# scripts/apt-run.txt (and scripts/apt-test.txt with --test), then the Go modules.
# Only missing packages are installed, so a prepared machine pays nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

lists=(scripts/apt-run.txt)
[[ "${1:-}" == "--test" ]] && lists+=(scripts/apt-test.txt)

missing=()
for pkg in $(grep -hv '^\s*#' "${lists[@]}" | awk 'NF{print $1}' | sort -u); do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "setup: missing packages ${missing[*]} and no apt-get; install them with your package manager" >&2
    exit 1
  fi
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
  echo "setup: Go is not installed (need Go 1.26+: https://go.dev/dl/)" >&2
  exit 1
fi
go mod download
