# Convenience targets; the scripts are the contract (README).
.PHONY: run test bench build
run:
	./scripts/run.sh
test:
	./scripts/test.sh
bench:
	./scripts/bench.sh
build:
	go build -o bin/duplex .
