# feedmerge: `make run` and `make test` are all a new user needs.
SWIFT ?= swift
BIN := .build/debug/feedmerge

.PHONY: all build run demo test bench lint deps clean

all: build

# System libraries the build needs (Debian package names). Installed when missing and we are root.
SYSTEM_DEPS := libxml2-dev libsqlite3-dev pkg-config

deps:
	@missing=""; \
	for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; apt-get update -qq && apt-get install -y -qq $$missing; \
	  else \
	    echo "feedmerge needs these system packages:$$missing"; \
	    echo "install them with: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

# The offline demo: sample feeds served on loopback, merged, published into output/ and served on :8080.
demo: build
	$(BIN) demo

# One real run over feeds/sources.json (needs the sources to be reachable).
run: build
	$(BIN) run

test: deps
	$(SWIFT) test

# The release build links the Swift runtime and Foundation into the binary, as a Swift program is deployed on
# Linux: it starts in about 20 ms, not 35-45 ms loading some fifty shared libraries (a publish is a process of
# its own). Foundation's networking library then links libcurl by its development name (libcurl.so).
RELEASE := -c release --static-swift-stdlib
bench: SYSTEM_DEPS += libcurl4-openssl-dev
bench: deps
	$(SWIFT) build $(RELEASE) --product feedmerge-bench
	$(SWIFT) build $(RELEASE) --product feedmerge
	.build/release/feedmerge-bench

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

clean:
	rm -rf .build
