# analyzer/: the libclang engine (libdmcanalyzer.a).
#
#   flags/      compile flags: compile databases, kbuild runs, clang 14 arguments
#   workers/    prefilter, forked workers with time limits, results as JSON lines
#   frontend/   libclang parsing and cursor helpers
#   cfg/        control-flow graphs built from cursors
#   model/      the DMA API (and the CPU functions around it) as data
#   facts/      what a module's other files establish: kbuild modules, the SQLite facts database
#   flow/       values and paths, the path-sensitive ownership dataflow, summaries
#   rules/      one file per rule, registered in rules/registry.c

LLVM_DIR ?= /usr/lib/llvm-14
ANALYZER_CFLAGS := -I$(LLVM_DIR)/include -Ianalyzer -Ireports
# SQLite keeps the facts database (facts/db.c)
ANALYZER_LIBS := -L$(LLVM_DIR)/lib -lclang -Wl,-rpath,$(LLVM_DIR)/lib -lsqlite3

ANALYZER_SRC := $(filter-out analyzer/tests/%,$(wildcard analyzer/*.c analyzer/*/*.c))
ANALYZER_OBJ := $(ANALYZER_SRC:%.c=$(BUILD)/%.o)
ANALYZER_LIB := $(BUILD)/lib/libdmcanalyzer.a

$(BUILD)/analyzer/%.o: analyzer/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ANALYZER_CFLAGS) -c $< -o $@

$(ANALYZER_LIB): $(ANALYZER_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Unit tests (Check): one binary per analyzer/tests/check_*.c.
ANALYZER_TESTS := $(patsubst analyzer/tests/%.c,$(BUILD)/tests/analyzer/%,$(wildcard analyzer/tests/check_*.c))
UNIT_TESTS += $(ANALYZER_TESTS)

$(BUILD)/tests/analyzer/check_%: analyzer/tests/check_%.c analyzer/tests/*.h $(ANALYZER_LIB) $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ANALYZER_CFLAGS) -Ireports/tests $< $(ANALYZER_LIB) $(REPORTS_LIB) -o $@ \
		$(LDFLAGS) $(ANALYZER_LIBS) $(PKG_LIBS) $(shell pkg-config --libs check)

# The analyzer on real 6.1 drivers, against the findings checked by hand.
.PHONY: check-analyzer-real
check-analyzer-real: $(DMACHECK)
	analyzer/tests/real_drivers.sh $(DMACHECK) $(KDIR_61)

# The engine through the dmacheck command: bad input, formats, compile databases.
.PHONY: check-analyzer-cli
check-analyzer-cli: $(DMACHECK)
	analyzer/tests/engine_test.sh $(DMACHECK) $(KDIR_61)

# The facts layer end to end: a two-file module whose probe sets the mask (analyzer/tests/facts/).
.PHONY: check-facts
check-facts: $(DMACHECK)
	analyzer/tests/facts_test.sh $(DMACHECK) $(KDIR_61)

# The DMA API model (reports/dma_api.def) against the headers of every
# configured kernel in /usr/src, parsed with libclang by api_headers; and the
# runtime's probe list against the model (every entry point seen).
API_HEADERS_TOOL := $(BUILD)/tests/analyzer/api_headers
$(API_HEADERS_TOOL): analyzer/model/tests/api_headers.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ANALYZER_CFLAGS) $< -o $@ $(LDFLAGS) $(ANALYZER_LIBS) $(PKG_LIBS)

.PHONY: check-apimodel
check-apimodel: $(DMACHECK) $(API_HEADERS_TOOL)
	@rc=0; analyzer/model/tests/api_headers_test.py $(DMACHECK) $(API_HEADERS_TOOL) || rc=1; \
	  runtime/tests/probe_list_test.py $(DMACHECK) $(API_HEADERS_TOOL) || rc=1; exit $$rc
