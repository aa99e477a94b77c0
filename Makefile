# Populace. Every target builds with the duckdb_arrow tag: the driver's Arrow interface,
# through which ingest loads record batches, is compiled only with it.
GO      ?= go
TAGS    := duckdb_arrow
GOFLAGS := -tags=$(TAGS)
BIN     := bin/populace
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

.PHONY: all build demo test bench lint deps clean

all: build

build:
	$(GO) build $(GOFLAGS) -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/populace

# Generate a 5-provider, 5,000-person synthetic network, load it, compute 2025 and serve the
# dashboard on http://127.0.0.1:8080/.
demo: build
	./$(BIN) demo

# Everything a fresh machine lacks (Debian's chromium for the browser tests) is installed
# first; then vet and the whole test suite, acceptance and browser tests included.
test: deps
	$(GO) vet $(GOFLAGS) ./...
	$(GO) test $(GOFLAGS) -count=1 -timeout 30m ./...

# Benchmarks in Go's harness; each prints its ratio against a baseline measured in the same run.
bench: build
	$(GO) test $(GOFLAGS) -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

lint:
	@fmt=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$fmt" ]; then echo "gofmt would change:"; echo "$$fmt"; exit 1; fi
	$(GO) vet $(GOFLAGS) ./...

deps:
	@bash scripts/install-deps.sh

clean:
	rm -rf bin demo-data populace.duckdb populace.duckdb.wal
