# cocci/: the Coccinelle engine (engine.c runs cocci/<slug>.cocci with spatch).

COCCI_SRC := cocci/engine.c cocci/spatch_output.c
COCCI_OBJ := $(COCCI_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/cocci/%.o: cocci/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Icocci -c $< -o $@

# Unit tests of the spatch output readers (Check), run with the others.
COCCI_TESTS := $(patsubst cocci/tests/%.c,$(BUILD)/tests/%,$(wildcard cocci/tests/check_*.c))
UNIT_TESTS += $(COCCI_TESTS)

$(BUILD)/tests/check_cocci_%: cocci/tests/check_cocci_%.c $(BUILD)/cocci/spatch_output.o $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Ireports/tests -Icocci $< $(BUILD)/cocci/spatch_output.o $(REPORTS_LIB) -o $@ \
		$(LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs check)

# The pack as kernel developers run it (spatch --dir, make coccicheck),
# its diagnostics for what spatch skips, and its patch mode.
.PHONY: check-cocci check-cocci-real cocci-real-full cocci-pack-compare
check-cocci: $(DMACHECK)
	@cocci/tests/cocci_test.sh $(DMACHECK) $(KDIR_61)
	@cocci/tests/pack_test.sh $(DMACHECK) $(KDIR_61)

# The combined pack against one spatch per rule on drivers/net/ethernet of
# Linux 6.1 (too long for make check; docs/bench.md has its result).
cocci-pack-compare: $(DMACHECK)
	@ksrc=$$(scripts/kernel-source.sh) && cocci/tests/pack_compare.sh -j $$(nproc) \
		--keep $(BUILD)/cocci/pack-compare $(DMACHECK) $(KDIR_61) $$ksrc/drivers/net/ethernet

# Real drivers of Linux 6.1: a representative subset in `make check`, and
# all of drivers/net/ethernet and drivers/nvme (docs/precision-cocci.md).
check-cocci-real: $(DMACHECK)
	@cocci/tests/real_drivers.sh $(DMACHECK) $(KDIR_61)

cocci-real-full: $(DMACHECK)
	@mkdir -p $(BUILD)/cocci
	@cocci/tests/real_drivers.sh --full --json $(BUILD)/cocci/real-full.json $(DMACHECK) $(KDIR_61)
