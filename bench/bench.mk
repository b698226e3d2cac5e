# bench/: `make bench` (issue 6, docs/bench.md): speed and memory of every
# engine beside its floor, and the runtime tracker's cost per DMA API call
# beside the kernel's own DMA-API debugging.  Not part of `make check`; its
# tools' tests are (check-bench).

BENCH_MEASURE := $(BUILD)/bin/dmc-measure
BENCH_OUT ?= $(BUILD)/bench
# The 6.1 tree's directories the static part scans (bench-long: all of drivers/).
BENCH_DIRS ?= drivers/net/ethernet
BENCH_KERNELS = $(foreach k,$(KVER_61) $(KVER_612),--kernel $(k))
BENCH = bench/bench.sh --dmacheck $(DMACHECK) --measure $(BENCH_MEASURE) --assert $(RIG_ASSERT) \
	--kdir $(KDIR_61) $(BENCH_KERNELS)

$(BENCH_MEASURE): bench/measure.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< -o $@ $(LDFLAGS)

BENCH_TOOLS := $(DMACHECK) $(BENCH_MEASURE) $(RIG_ASSERT) $(HTML_TOOLS)

.PHONY: bench bench-static bench-runtime bench-dmadebug bench-long check-bench
bench: deps $(BENCH_TOOLS)
	@$(BENCH) --out $(BENCH_OUT) --dirs "$(BENCH_DIRS)" static runtime dmadebug table

bench-static: deps $(BENCH_TOOLS)
	@$(BENCH) --out $(BENCH_OUT) --dirs "$(BENCH_DIRS)" static table

bench-runtime: deps $(BENCH_TOOLS)
	@$(BENCH) --out $(BENCH_OUT) runtime table

bench-dmadebug: deps $(BENCH_TOOLS)
	@$(BENCH) --out $(BENCH_OUT) dmadebug table

# The optional long run: the static part on all of drivers/ (hours on 2 cores).
bench-long: deps $(BENCH_TOOLS)
	@$(BENCH) --out $(BUILD)/bench-long --dirs drivers static table

check-bench: $(BENCH_MEASURE)
	@bench/tests/bench_test.sh $(BENCH_MEASURE)
