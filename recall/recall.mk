# recall/: how many misuses injected into real drivers the scan finds (docs/recall.md).
#
#   make recall          inject misuses into the drivers of recall/drivers.txt, scan each
#                        mutant and its pristine file, write recall/results/ (long: not in check)
#   make check-recall    the injector's own tests on a small driver of testcases/ (fast)

RECALL_SITES := $(BUILD)/bin/recall-sites
RECALL_SEED ?= 14
RECALL_SET ?= dev held-out
RECALL_JOBS ?= 2
RECALL_PER_CLASS ?= 1

$(RECALL_SITES): recall/sites.c $(ANALYZER_LIB) $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ANALYZER_CFLAGS) $< $(ANALYZER_LIB) $(REPORTS_LIB) -o $@ \
		$(LDFLAGS) $(ANALYZER_LIBS) $(PKG_LIBS)

.PHONY: recall check-recall
recall: $(DMACHECK) $(RECALL_SITES)
	recall/inject.py --dmacheck $(DMACHECK) --sites $(RECALL_SITES) --kdir $(KDIR_61) \
		--tree $$(scripts/kernel-source.sh) --seed $(RECALL_SEED) --jobs $(RECALL_JOBS) --per-class $(RECALL_PER_CLASS) \
		--work $(BUILD)/recall --out recall/results --resume $(RECALL_SET)

check-recall: $(DMACHECK) $(RECALL_SITES)
	recall/tests/inject_test.sh $(DMACHECK) $(RECALL_SITES) $(KDIR_61)
