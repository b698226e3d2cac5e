# dmacheck: finds DMA API misuse in Linux device drivers.
#
#   make demo     set up, build, scan the bundled sample driver, print the report
#   make check    every test: unit, testcase corpus, SARIF validation, runtime, real drivers
#   make deps     install the Debian packages (idempotent; other targets depend on it)
#   make bench    speed and memory of every engine, and the runtime tracker
#                 beside CONFIG_DMA_API_DEBUG (not part of check; docs/bench.md)
#
# Each part owns a fragment: reports/reports.mk, cocci/cocci.mk, cli/cli.mk, ...

BUILD ?= build
SANITIZE ?=
CC := gcc
# Library flags are asked of pkg-config when a recipe first needs them, not when
# make reads this file: on a new machine `make demo` installs the packages
# (scripts/deps.sh) after make has read it.  A missing package is an error
# that names it, never an empty flag that fails at link time.
pkg_config = $(if $(shell pkg-config --exists $(2) 2>/dev/null && echo yes),$(shell pkg-config $(1) $(2)),$(error pkg-config knows no '$(2)': run `make deps`))
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call pkg_config,--cflags,jansson))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(call pkg_config,--libs,jansson) -lxxhash)$(PKG_LIBS)
CFLAGS = -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-MMD -MP -DDMC_SRCDIR='"$(CURDIR)"' $(PKG_CFLAGS)
LDFLAGS :=
ifneq ($(SANITIZE),)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

DOCS ?= docs/rules
DMACHECK := $(BUILD)/bin/dmacheck
# The kernels the runtime tests boot and the testcases compile against: the
# newest Debian ships today, found when a recipe first needs them (after deps).
kdir = $(or $(shell scripts/kdir.sh $(1)),$(error no configured Linux $(1) headers in /usr/src: run `make deps`))
KDIR_61 = $(eval KDIR_61 := $(call kdir,6.1))$(KDIR_61)
KDIR_612 = $(eval KDIR_612 := $(call kdir,6.12))$(KDIR_612)
KVER_61 = $(patsubst linux-headers-%,%,$(notdir $(KDIR_61)))
KVER_612 = $(patsubst linux-headers-%,%,$(notdir $(KDIR_612)))

.PHONY: all deps check demo bench clean unit
all: $(DMACHECK)

# The Debian packages, then the test tools pinned by lock files in npm (the
# SARIF validators, playwright-core): the first command on a new machine,
# whichever it is, installs everything the second needs.
deps:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory test-tools

include reports/reports.mk
include cocci/cocci.mk
include analyzer/analyzer.mk
include triage/triage.mk
include cli/cli.mk
include testcases/testcases.mk
include runtime/runtime.mk
include bench/bench.mk
include recall/recall.mk

# demo and check install the packages first, then run a new make that reads
# this file again with them there (and stays ordered under make -j).
demo: deps
	@$(MAKE) --no-print-directory demo-after-deps

.PHONY: demo-after-deps check-after-deps
demo-after-deps: all
	@scripts/kdir.sh --say
	@echo "== dmacheck scan testcases/sample/dmanic_bad.c =="
	@$(DMACHECK) scan testcases/sample/dmanic_bad.c; \
	  rc=$$?; echo "(exit status $$rc: 0 clean, 1 findings, 2 usage error, 3 incomplete)"; \
	  [ $$rc -le 1 ]
	@echo
	@echo "== the runtime tracker on a buggy receive path in QEMU (docs/triage.md) =="
	@runtime/rig/demo.sh --dmacheck $(DMACHECK) --out $(BUILD)/demo; [ $$? -le 1 ]

# Every suite prints "N passed, N failed" (or Check's summary); scripts/check.sh
# runs them in order and ends with the total.
CHECK_SUITES = setup unit unit-asan corpus sarif cli html triage runtime demo cocci cocci-real analyzer-cli analyzer-real facts apimodel bench recall
check: deps
	@$(MAKE) --no-print-directory check-after-deps

check-after-deps: all
	@scripts/kdir.sh --say
	@scripts/check.sh $(CHECK_SUITES)

# The fresh-machine path (not part of check: it installs everything anew in a
# debootstrap root, 30 minutes or more): the README's two commands, as written.
.PHONY: check-fresh check-setup
check-fresh:
	@scripts/check-fresh.sh

check-setup:
	@scripts/tests/setup_test.sh

# Check unit tests, then the same built with ASan and UBSan.
.PHONY: check-unit check-unit-asan check-corpus
check-unit: $(UNIT_TESTS)
	@rc=0; for t in $(UNIT_TESTS); do $$t || rc=1; done; exit $$rc

check-unit-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 check-unit

check-corpus: corpus

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
