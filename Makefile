# Two entry points (see README.md): `make demo` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: setup configure build demo test bench fuzz sanitize clean

setup:
	./scripts/setup.sh

configure: setup
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	./$(BUILD_DIR)/klantreis demo

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	./scripts/bench.sh

# libFuzzer targets (clang, ASan + UBSan), each for FUZZ_SECONDS; see fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz: setup
	./scripts/fuzz.sh $(FUZZ_SECONDS)

# The whole suite built with clang under ASan + UBSan, then a short smoke of every fuzz target.
sanitize: setup
	./scripts/ci_sanitize.sh

clean:
	rm -rf $(BUILD_DIR)
