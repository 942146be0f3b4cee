#!/usr/bin/env bash
# Runs every benchmark once; each prints its ratio against a floor measured
# in the same run (raw TLS, raw AEAD, plain SQLite), never a bare time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
go test -run '^$' -bench . -benchtime "${BENCHTIME:-1s}" ./... "$@"
# core/agent at a fixed count (two agents, two relays; ratios vs raw TLS echo):
go test -run '^$' -bench '^BenchmarkLatency$' -benchtime 200x ./core/agent
go test -run '^$' -bench '^BenchmarkThroughput1$' -benchtime 200x ./core/agent
go test -run '^$' -bench '^BenchmarkThroughput100$' -benchtime 200x ./core/agent
# cmd/duplex-host: start-up to "/_get chats" answered with 1,000 contacts and 100,000 messages (RSS after load),
# and global full-text search (200 queries); ratios vs plain SQLite doing the same queries:
go test -run '^$' -bench '^Benchmark(HostStartup|GlobalSearch)$' -benchtime 3x ./cmd/duplex-host
# desktop (real binary under Xvfb, software GL; 1,000 chats / 100,000 messages seeded through core/db):
# cold start to the chat list (ratio vs a trivial binary's start + plain SQLite reading the list rows),
# and wheel-scrolling the busiest chat (1,000 messages) to its top: ms per step (ratio vs the same
# steps over the chat list) and VmHWM then:
go test -run '^$' -bench '^BenchmarkDesktopColdStart$' -benchtime 3x .
go test -run '^$' -bench '^BenchmarkDesktopScroll$' -benchtime 1x .
