# testcases/: small drivers with expect annotations (buggy and clean twins),
# and the runner that checks every engine against them.

RUNNER := $(BUILD)/bin/testcase-runner
STATIC_TESTCASES := testcases/static testcases/sample testcases/triage

$(RUNNER): testcases/runner/runner.c $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports $< $(REPORTS_LIB) -o $@ $(LDFLAGS) $(PKG_LIBS)

.PHONY: corpus
corpus: $(DMACHECK) $(RUNNER)
	$(RUNNER) --dmacheck $(DMACHECK) --kdir $(KDIR_61) $(STATIC_TESTCASES)
