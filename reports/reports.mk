# reports/: the catalogue, the findings model and every output (libdmcreports.a).

REPORTS_SRC := $(wildcard reports/*.c)
REPORTS_OBJ := $(REPORTS_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/docs.o
REPORTS_LIB := $(BUILD)/lib/libdmcreports.a

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -c $< -o $@

$(BUILD)/gen/docs.S: reports/rules.def $(wildcard $(DOCS)/*.md) scripts/gen-docs-asm.sh
	@mkdir -p $(dir $@)
	scripts/gen-docs-asm.sh reports/rules.def $(DOCS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/docs.o: $(BUILD)/gen/docs.S
	$(CC) -c $< -o $@

$(REPORTS_LIB): $(REPORTS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Unit tests (Check): one binary per file in reports/tests/.
REPORTS_TESTS := $(patsubst reports/tests/%.c,$(BUILD)/tests/%,$(wildcard reports/tests/check_*.c))
UNIT_TESTS += $(REPORTS_TESTS)

$(BUILD)/tests/check_%: reports/tests/check_%.c $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports $< $(REPORTS_LIB) -o $@ $(LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs check)

# SARIF validation: ajv with the 2.1.0 schema and Microsoft's SARIF Multitool,
# both from npm (versions pinned in package-lock.json).
SARIF_TOOLS := reports/tests/sarif/node_modules/.package-lock.json
$(SARIF_TOOLS): reports/tests/sarif/package.json reports/tests/sarif/package-lock.json
	cd reports/tests/sarif && npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: check-sarif
check-sarif: $(DMACHECK) $(SARIF_TOOLS)
	@mkdir -p $(BUILD)/sarif
	$(DMACHECK) scan --kdir $(KDIR_61) --format sarif --fail-on none -o $(BUILD)/sarif/testcases.sarif $(STATIC_TESTCASES)
	@node reports/tests/sarif/validate.js $(BUILD)/sarif/*.sarif; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi; exit $$rc

# The HTML report in headless Chromium (Debian's chromium, driven by playwright-core).
HTML_TOOLS := reports/tests/html/node_modules/.package-lock.json
$(HTML_TOOLS): reports/tests/html/package.json reports/tests/html/package-lock.json
	cd reports/tests/html && npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: test-tools
test-tools: $(SARIF_TOOLS) $(HTML_TOOLS)
	@:

.PHONY: check-html
check-html: $(DMACHECK) $(HTML_TOOLS)
	@mkdir -p $(BUILD)/html
	$(DMACHECK) scan --kdir $(KDIR_61) --format json --fail-on none -o $(BUILD)/html/scan.json $(STATIC_TESTCASES)
	$(DMACHECK) scan --kdir $(KDIR_61) --format html --fail-on none -o $(BUILD)/html/scan.html $(STATIC_TESTCASES)
	$(DMACHECK) report --format json --fail-on none -o $(BUILD)/html/fixture.json reports/tests/html/fixture.json
	$(DMACHECK) report --format html --fail-on none -o $(BUILD)/html/fixture.html reports/tests/html/fixture.json
	node reports/tests/html/check_html.js $(BUILD)/html/scan.html $(BUILD)/html/scan.json $(BUILD)/html/scan.png
	node reports/tests/html/check_html.js $(BUILD)/html/fixture.html $(BUILD)/html/fixture.json $(BUILD)/html/fixture.png
