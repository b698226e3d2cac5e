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
PKG_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs jansson 2>/dev/null) -lxxhash
CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-MMD -MP -DDMC_SRCDIR='"$(CURDIR)"' $(PKG_CFLAGS)
LDFLAGS :=
ifneq ($(SANITIZE),)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

DOCS ?= docs/rules
DMACHECK := $(BUILD)/bin/dmacheck
# The kernels the runtime tests boot and the testcases compile against.
KVER_61 = $(shell ls /usr/src | sed -n 's/^linux-headers-\(6\.1\.[0-9]*-[0-9]*-amd64\)$$/\1/p' | sort -V | tail -n1)
KDIR_61 = /usr/src/linux-headers-$(KVER_61)

.PHONY: all deps check demo bench clean unit
all: $(DMACHECK)

deps:
	@scripts/deps.sh

include reports/reports.mk
include cocci/cocci.mk
include analyzer/analyzer.mk
include triage/triage.mk
include cli/cli.mk
include testcases/testcases.mk
include runtime/runtime.mk
include bench/bench.mk

demo: deps all
	@echo "== dmacheck scan testcases/sample/dmanic_bad.c =="
	@$(DMACHECK) scan testcases/sample/dmanic_bad.c; \
	  rc=$$?; echo "(exit status $$rc: 0 clean, 1 findings, 2 usage error, 3 incomplete)"; \
	  [ $$rc -le 1 ]
	@echo
	@echo "== the runtime tracker on a buggy receive path in QEMU (docs/triage.md) =="
	@runtime/rig/demo.sh --dmacheck $(DMACHECK) --out $(BUILD)/demo; [ $$? -le 1 ]

# Every suite prints "N passed, N failed" (or Check's summary); scripts/check.sh
# runs them in order and ends with the total.
CHECK_SUITES = unit unit-asan corpus sarif cli html triage runtime demo cocci cocci-real analyzer-cli analyzer-real apimodel bench
check: deps all
	@scripts/check.sh $(CHECK_SUITES)

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
