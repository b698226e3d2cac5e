# runtime/: the dmatrack runtime tracker.  Userspace: the ownership core as
# a library with its Check tests.  The kernel module and the QEMU rig are
# built by runtime/rig/run.sh (check-runtime).

RUNTIME_CORE_SRC := runtime/core/dmt_core.c runtime/core/dmt_watch.c runtime/core/dmt_history.c \
	runtime/user/env.c
RUNTIME_CORE_OBJ := $(RUNTIME_CORE_SRC:%.c=$(BUILD)/%.o)
RUNTIME_LIB := $(BUILD)/lib/libdmtcore.a
RUNTIME_INC := -Iruntime/core -Ireports

$(BUILD)/runtime/%.o: runtime/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(RUNTIME_INC) -c $< -o $@

$(RUNTIME_LIB): $(RUNTIME_CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

RUNTIME_TESTS := $(patsubst runtime/tests/%.c,$(BUILD)/tests/%,$(wildcard runtime/tests/check_*.c))
UNIT_TESTS += $(RUNTIME_TESTS)

$(BUILD)/tests/check_dmt_%: runtime/tests/check_dmt_%.c $(RUNTIME_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(RUNTIME_INC) -Ireports/tests $< $(RUNTIME_LIB) -o $@ $(LDFLAGS) -lpthread $(shell pkg-config --libs check)

# The QEMU rig: builds dmatrack.ko and the test modules for every installed
# Debian kernel it boots, runs the scenarios in the guest, asserts on the host.
RIG_ASSERT := $(BUILD)/bin/dmtrack-rig-assert

$(RIG_ASSERT): runtime/rig/assert.c $(TRIAGE_OBJ) $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Itriage $< $(TRIAGE_OBJ) $(REPORTS_LIB) -o $@ $(LDFLAGS) \
		$(PKG_LIBS) $(TRIAGE_LIBS)

.PHONY: check-runtime check-demo dmatrack runtime-rates
check-runtime: $(RIG_ASSERT) $(DMACHECK) $(HTML_TOOLS)
	@runtime/rig/run.sh --assert $(RIG_ASSERT) --dmacheck $(DMACHECK) --out $(BUILD)/runtime-rig

# The detection rates of docs/runtime.md: every injected misuse of
# runtime/rig/inject/cases run RUNS times on the 6.1 kernel (not part of check).
RUNS ?= 10
runtime-rates: $(RIG_ASSERT) $(DMACHECK)
	@runtime/rig/run.sh --assert $(RIG_ASSERT) --dmacheck $(DMACHECK) --out $(BUILD)/runtime-rates \
		--kernel "$$(bash -c '. runtime/rig/lib.sh; newest_kernel "6\.1\.[0-9]*-[0-9]*-amd64"')" \
		--inject-only --inject-runs $(RUNS) --inject-build $(BUILD)/runtime-rig; \
	  rc=$$?; for f in $(BUILD)/runtime-rates/*/inject.rates; do \
	    echo "== $$f: case, rule, detected, runs, most packets received in a run"; sed "s/ /\t/g" $$f; done; exit $$rc

# The runtime half of `make demo`, as README promises it.
check-demo: $(DMACHECK)
	@runtime/rig/demo_test.sh $(DMACHECK) $(BUILD)/demo

# dmatrack.ko for the running kernel, in build/dmatrack/.
dmatrack:
	runtime/build-module.sh /lib/modules/$(shell uname -r)/build $(BUILD)/dmatrack
