/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small C snippets parsed by libclang from memory, for the analyzer's unit
 * tests.  The prelude declares what driver code uses, in the shape the
 * kernel's headers give it (dma_map_single() a macro over
 * dma_map_single_attrs(), likely() over __builtin_expect()), so that the
 * analyzer sees what it sees in real drivers.  The DMA API part comes from
 * reports/dma_api.def, which make check-apimodel holds to the real headers.
 */
#ifndef DMC_TEST_SNIPPET_H
#define DMC_TEST_SNIPPET_H

#include <string.h>

#include <clang-c/Index.h>

#include "frontend/ast.h"
#include "frontend/tu.h"
#include "testutil.h"
#include "util.h"

static const char snippet_prelude_types[] =
	"typedef unsigned long size_t;\n"
	"typedef unsigned long long u64;\n"
	"typedef unsigned int __le32;\n"
	"typedef unsigned short __le16;\n"
	"typedef unsigned long long __le64;\n"
	"#define __iomem\n"
	"#define cpu_to_le16(x) ((__le16)(u16)(x))\n"
	"#define cpu_to_le32(x) ((__le32)(u32)(x))\n"
	"#define cpu_to_le64(x) ((__le64)(u64)(x))\n"
	"#define le64_to_cpu(x) ((u64)(__le64)(x))\n"
	"#define lower_32_bits(n) ((u32)((n) & 0xffffffff))\n"
	"#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))\n"
	"typedef unsigned int u32;\n"
	"typedef unsigned short u16;\n"
	"typedef unsigned char u8;\n"
	"typedef u64 dma_addr_t;\n"
	"typedef unsigned int gfp_t;\n"
	"typedef _Bool bool;\n"
	"#define true 1\n"
	"#define false 0\n"
	"#define NULL ((void *)0)\n"
	"#define GFP_KERNEL 0u\n"
	"#define ENOMEM 12\n"
	"#define EIO 5\n"
	"#define likely(x) __builtin_expect(!!(x), 1)\n"
	"#define unlikely(x) __builtin_expect(!!(x), 0)\n"
	"#define BUG() do { __builtin_unreachable(); } while (0)\n"
	"struct device;\n"
	"struct page;\n"
	"struct scatterlist;\n"
	"struct dma_pool;\n"
	"struct sg_table;\n"
	"struct vm_area_struct;\n"
	"struct ib_device;\n"
	"struct virtqueue;\n"
	"typedef u64 phys_addr_t;\n"
	"typedef struct { struct page *page; unsigned int len, off; } skb_frag_t;\n"
	"struct sk_buff { unsigned int len; unsigned char *data; };\n"
	"enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1,\n"
	"\tDMA_FROM_DEVICE = 2, DMA_NONE = 3 };\n";

/*
 * The DMA API from reports/dma_api.def, as the headers of the newest kernel
 * it describes give it: functions declared with the model's prototypes
 * (__typeof__ of the function type), macros over their _attrs functions.
 */
static const struct {
	const char *name, *proto, *via, *until;
} snippet_api[] = {
#define DMA_API(name, op, family, form, ret, proto, dev, buf, off, size, dir, handle, out, cpu, \
		nents, attrs, flags, via, since, until) { name, proto, via, until },
#include "dma_api.def"
};

/* What driver code uses beside the DMA API. */
static const char snippet_prelude_rest[] =
	"void *kmalloc(size_t size, gfp_t flags);\n"
	"void *vmalloc(unsigned long size);\n"
	"void kfree(const void *p);\n"
	"void *memcpy(void *to, const void *from, size_t len);\n"
	"void *memset(void *s, int c, size_t n);\n"
	"u32 get_unaligned_le32(const void *p);\n"
	"unsigned short ioread16(const void *addr);\n"
	"void dev_kfree_skb_any(struct sk_buff *skb);\n"
	"void writel(u32 value, volatile void *addr);\n"
	"unsigned long long virt_to_phys(volatile void *address);\n"
	"void panic(const char *fmt, ...) __attribute__((noreturn));\n"
	"int printk(const char *fmt, ...);\n"
	"void consume(void *p);\n"
	"void keep_dma(dma_addr_t dma);\n"
	"int work(void);\n";

/* The prelude: types, the DMA API, the rest; built once. */
static inline const char *snippet_prelude(void)
{
	static char *text;

	if (!text) {
		char *api = dmc_xstrdup("");

		for (size_t i = 0; i < sizeof(snippet_api) / sizeof(snippet_api[0]); i++) {
			char *more;

			if (snippet_api[i].until[0])
				continue;	/* gone from the kernels we describe */
			if (snippet_api[i].via[0])
				more = dmc_xasprintf("%s#define %s(...) %s(__VA_ARGS__, 0)\n", api,
						     snippet_api[i].name, snippet_api[i].via);
			else
				more = dmc_xasprintf("%s__typeof__(%s) %s;\n", api, snippet_api[i].proto,
						     snippet_api[i].name);
			free(api);
			api = more;
		}
		text = dmc_xasprintf("%s%s%s", snippet_prelude_types, api, snippet_prelude_rest);
		free(api);
	}
	return text;
}

struct snippet {
	CXIndex index;
	CXTranslationUnit tu;
	struct dmc_diags diags;
	struct tu_errors errors;
	char *text;
};

/* Parses the prelude and code as snippet.c; fails the test on any error. */
static inline void snippet_parse(struct snippet *s, const char *code)
{
	static char *const args[] = { "-std=gnu11", "-w", NULL };
	struct CXUnsavedFile file;

	s->text = dmc_xasprintf("%s%s", snippet_prelude(), code);
	file = (struct CXUnsavedFile){ "snippet.c", s->text, strlen(s->text) };
	s->index = clang_createIndex(0, 0);
	dmc_diags_init(&s->diags);
	s->tu = tu_parse(s->index, "snippet.c", args, 2, &file, 1, &s->diags, &s->errors);
	ck_assert_ptr_nonnull(s->tu);
	if (s->diags.count)
		ck_abort_msg("snippet does not parse: %s", s->diags.items[0].message);
}

struct find_function {
	const char *name;
	CXCursor found;
};

static inline enum CXChildVisitResult snippet_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	struct find_function *f = d;
	CXString s;

	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	if (strcmp(clang_getCString(s), f->name) == 0)
		f->found = c;
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

static inline CXCursor snippet_function(struct snippet *s, const char *name)
{
	struct find_function f = { name, clang_getNullCursor() };

	clang_visitChildren(clang_getTranslationUnitCursor(s->tu), snippet_visit, &f);
	ck_assert_msg(!clang_Cursor_isNull(f.found), "no function %s in the snippet", name);
	return f.found;
}

/* The line of the snippet's code (1 = the first line after the prelude). */
static inline unsigned snippet_line(unsigned code_line)
{
	unsigned prelude_lines = 0;

	for (const char *p = snippet_prelude(); *p; p++)
		prelude_lines += *p == '\n';
	return prelude_lines + code_line;
}

static inline void snippet_free(struct snippet *s)
{
	clang_disposeTranslationUnit(s->tu);
	clang_disposeIndex(s->index);
	dmc_diags_free(&s->diags);
	tu_errors_free(&s->errors);
	free(s->text);
}

#endif
