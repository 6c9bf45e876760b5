MAKEFLAGS += --no-print-directory

# Convenience wrapper around CMake and CTest. `make run` installs missing
# dependencies, builds everything and runs examples/hello.inko; `make test`
# builds and runs the default test suite.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build run test test-timing test-cross test-static clean

deps:
	@tools/install-deps

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@$(BUILD)/bin/inkoc build examples/hello.inko -o $(BUILD)/hello
	@$(BUILD)/hello

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE timing

# Tests that measure time (release build speed, cache speed-up); run them on
# an otherwise idle machine.
test-timing: build
	@cd $(BUILD) && ctest --output-on-failure -L timing

# Every e2e program built for aarch64 (run under qemu-aarch64) or with
# --static, against the same expectations (docs/cross-testing.md).
test-cross: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -C cross -L cross

test-static: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -C static -L static

clean:
	rm -rf $(BUILD)
