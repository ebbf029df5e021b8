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
# After the normal build's suite, the same tests run again in a VERIFY build ($(VERIFY_BUILD)):
# internal contracts (SWIRL_VERIFY_CHECK, src/util/check.h) are evaluated and a violation aborts
# with file:line. That build is RelWithDebInfo (-O2 -g), not Debug: at -O0 the conformance suite
# alone takes over ten minutes on 2 cores, while the contracts cost next to nothing at -O2. It is
# CPU only (the contracts are in host code; the CUDA proofs are compared with the CPU's by the
# gpu tests of the normal build). The flags after $(CMAKE_FLAGS) win over it.
VERIFY_BUILD ?= $(BUILD)-verify
test: build
	cd $(BUILD) && ctest --output-on-failure -LE long -j $(JOBS)
	cmake -S . -B $(VERIFY_BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWIRL_VERIFY=ON -DSWIRL_CUDA=OFF
	cmake --build $(VERIFY_BUILD) -j $(JOBS)
	cd $(VERIFY_BUILD) && ctest --output-on-failure -LE long -j $(JOBS)

test-long: build
	cd $(BUILD) && ctest --output-on-failure -L long

test-gpu: build
	cd $(BUILD) && ctest --output-on-failure -L gpu

# ASan+UBSan test suite, valgrind, and a short libFuzzer campaign (FUZZ_SECONDS per target).
check-hardening:
	./scripts/check-hardening.sh

clean:
	rm -rf $(BUILD) $(VERIFY_BUILD)
