# cocci/: the Coccinelle engine (engine.c runs cocci/<slug>.cocci with spatch).

COCCI_SRC := cocci/engine.c
COCCI_OBJ := $(COCCI_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/cocci/%.o: cocci/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ireports -Icocci -c $< -o $@
