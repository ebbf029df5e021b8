# Thin wrapper over CMake for the two README commands.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all build run test test-long test-gpu bench clean check-hardening

all: build

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The main job: prove and verify the flagship workload on the best backend present.
run: build
	./scripts/main-job.sh $(BUILD)

# Default suite (unit + gpu; gpu tests skip without a device). Long runs are under `test-long`.
test: build
	cd $(BUILD) && ctest --output-on-failure -LE long -j $(JOBS)

test-long: build
	cd $(BUILD) && ctest --output-on-failure -L long

test-gpu: build
	cd $(BUILD) && ctest --output-on-failure -L gpu

# ASan+UBSan test suite, valgrind, and a short libFuzzer campaign (FUZZ_SECONDS per target).
check-hardening:
	./scripts/check-hardening.sh

clean:
	rm -rf $(BUILD)
