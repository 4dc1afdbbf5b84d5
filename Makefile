# Thin wrapper over meson, the way nvme-cli does it.
BUILD ?= build
MESON_OPTS ?=

.PHONY: all deps test demo install clean unit

all: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(MESON_OPTS) $(BUILD)

# Host unit tests, then the device tests in the VM on every kernel of the
# matrix (KERNELS="6.12" or "6.1:10 newest" for some legs); ends with a
# table per leg and "N passed, N failed, N skipped".
KERNELS ?=
test: all
	tests/run $(if $(KERNELS),--kernels "$(KERNELS)") $(BUILD)

# Host unit tests only (no VM).
unit: all
	tests/run --unit-only $(BUILD)

# The proposal's passthrough-vs-block table, ngio beside fio, on the VM's
# emulated NVMe (512-byte LBAs, a poll queue); the PNG lands in
# $(BUILD)/demo/.
demo: all
	vm/ngio-vm --ns nvm:64M --poll-queues 1 --timeout 1800 -- \
		scripts/demo $(BUILD)

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD)
