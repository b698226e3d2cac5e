# cli/: the dmacheck command.

CLI_SRC := $(wildcard cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
ENGINE_OBJ += $(COCCI_OBJ) $(ANALYZER_LIB)
ENGINE_INC += -Icocci -Ianalyzer
ENGINE_LIBS += $(ANALYZER_LIBS)
# triage is a consumer like scan: it runs the engines and reads runtime logs.
CLI_DEPS_OBJ := $(TRIAGE_OBJ)
CLI_DEPS_LIBS := $(TRIAGE_LIBS)

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Itriage $(ENGINE_INC) -c $< -o $@

$(DMACHECK): $(CLI_OBJ) $(ENGINE_OBJ) $(CLI_DEPS_OBJ) $(REPORTS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CLI_OBJ) $(ENGINE_OBJ) $(CLI_DEPS_OBJ) $(REPORTS_LIB) -o $@ $(LDFLAGS) $(ENGINE_LIBS) $(CLI_DEPS_LIBS) $(PKG_LIBS)

.PHONY: check-cli
check-cli: $(DMACHECK)
	cli/tests/cli_test.sh $(DMACHECK)

.PHONY: readme
readme: $(DMACHECK)
	scripts/update-readme-rules.sh $(DMACHECK)
