# triage/: from runtime evidence (logs, dmatrack violations) to source lines.

TRIAGE_SRC := $(wildcard triage/*.c)
TRIAGE_OBJ := $(TRIAGE_SRC:%.c=$(BUILD)/%.o)
TRIAGE_LIBS := -ldw -lelf

$(BUILD)/triage/%.o: triage/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Itriage -c $< -o $@

TRIAGE_TESTS := $(patsubst triage/tests/%.c,$(BUILD)/tests/%,$(wildcard triage/tests/check_*.c))
UNIT_TESTS += $(TRIAGE_TESTS)

$(BUILD)/tests/check_%: triage/tests/check_%.c $(TRIAGE_OBJ) $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Itriage $< $(TRIAGE_OBJ) $(REPORTS_LIB) -o $@ $(LDFLAGS) $(PKG_LIBS) $(TRIAGE_LIBS) $(shell pkg-config --libs check)

.PHONY: check-triage
check-triage: $(DMACHECK) $(SARIF_TOOLS) $(HTML_TOOLS)
	triage/tests/triage_test.sh $(DMACHECK) $(KDIR_61)
	triage/tests/dmadebug_log_test.sh $(DMACHECK)
