#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of recall/inject.py's mutations, on sites written by hand (no scan)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import inject  # noqa: E402

SRC = """static int f(struct device *d, void *p)
{
\tdma_addr_t a = dma_map_single(d, p, 64, DMA_TO_DEVICE);
\tif (dma_mapping_error(d, a))
\t\treturn -ENOMEM;
\tif (g())
\t\tgoto err;
\tdma_unmap_single(d, a,
\t\t\t 64, DMA_TO_DEVICE);
\treturn 0;
err:
\tdma_unmap_single(d, a, 64, DMA_TO_DEVICE);
\treturn -EIO;
}
"""


def span(text, start_at=0):
    a = SRC.index(text, start_at)
    return a, a + len(text)


def call(name, op, text, args, line, statement, error_path=False, start_at=0, **kw):
    a, b = span(text, start_at)
    offs, at = [], SRC.index("(", a) + 1
    for arg in args:
        x = SRC.index(arg, at)
        offs.append([x, x + len(arg)])
        at = x + len(arg)
    site = {"kind": "call", "function": "f", "name": name, "op": op, "line": line, "start": a, "end": b,
            "args": offs, "statement": statement, "error_path": error_path, "family": "single",
            "size_arg": -1, "dir_arg": -1, "handle_arg": -1, "buf_arg": -1, "assigned_to": None}
    site.update(kw)
    return site


def sites():
    err = SRC.index("err:")
    calls = [
        call("dma_map_single", "map", "dma_map_single(d, p, 64, DMA_TO_DEVICE)", ["d", "p", "64", "DMA_TO_DEVICE"],
             3, False, size_arg=2, dir_arg=3, buf_arg=1, assigned_to="a"),
        call("dma_mapping_error", "mapping_error", "dma_mapping_error(d, a)", ["d", "a"], 4, False, handle_arg=1),
        call("dma_unmap_single", "unmap", "dma_unmap_single(d, a,\n\t\t\t 64, DMA_TO_DEVICE)",
             ["d", "a", "64", "DMA_TO_DEVICE"], 8, True, size_arg=2, dir_arg=3, handle_arg=1),
        call("dma_unmap_single", "unmap", "dma_unmap_single(d, a, 64, DMA_TO_DEVICE)",
             ["d", "a", "64", "DMA_TO_DEVICE"], 12, True, True, start_at=err, size_arg=2, dir_arg=3, handle_arg=1),
    ]
    functions = {"f": {"kind": "function", "function": "f", "first_line": 1, "last_line": 14,
                       "body_start": SRC.index("{"), "body_end": len(SRC) - 2, "labels": [err]}}
    return calls, functions


class Mutations(unittest.TestCase):
    def setUp(self):
        self.calls, self.functions = sites()
        self.cands = inject.candidates(SRC, self.calls, self.functions)

    def of(self, cls):
        return [c for c in self.cands if c[0] == cls]

    def mutant(self, cand):
        return inject.apply_edits(SRC, cand[2])

    def test_every_mutant_keeps_every_line(self):
        self.assertTrue(self.cands)
        for cand in self.cands:
            text = self.mutant(cand)
            self.assertEqual(text.count("\n"), SRC.count("\n"), cand[0])
            self.assertNotEqual(text, SRC, cand[0])

    def test_removed_statement_leaves_an_empty_one(self):
        (cand,) = self.of("drop-unmap-on-error")
        self.assertEqual(cand[1]["line"], 12)
        lines = self.mutant(cand).split("\n")
        self.assertEqual(lines[11].strip(), ";")
        self.assertIn("dma_unmap_single", lines[7])

    def test_only_error_path_unmaps_are_dropped(self):
        self.assertEqual([c[1]["line"] for c in self.of("drop-unmap-on-error")], [12])

    def test_direction_is_swapped_on_the_unmap(self):
        lines = [c[3] for c in self.of("unmap-wrong-direction")]
        self.assertEqual(lines, [8, 12])
        text = self.mutant(self.of("unmap-wrong-direction")[1])
        self.assertIn("dma_unmap_single(d, a, 64, DMA_FROM_DEVICE)", text)

    def test_size_is_another_length(self):
        for cand in self.of("unmap-wrong-size"):
            text = self.mutant(cand)
            self.assertIn("PAGE_SIZE", text)
            self.assertEqual(cand[3], cand[1]["line"])

    def test_mapping_error_check_points_at_the_map(self):
        (cand,) = self.of("drop-mapping-error")
        self.assertEqual(cand[3], 3)
        self.assertIn("if (0)", self.mutant(cand))

    def test_stack_buffer_is_declared_in_the_function(self):
        (cand,) = self.of("map-stack-buffer")
        text = self.mutant(cand)
        self.assertIn("{ u8 recall_stack_buf[64];", text.split("\n")[1])
        self.assertIn("dma_map_single(d, recall_stack_buf, 64", text)

    def test_duplicate_unmap_is_expected_where_the_copy_is(self):
        self.assertEqual([c[3] for c in self.of("duplicate-unmap")], [9, 12])

    def test_duplicate_unmap_stays_one_statement(self):
        texts = [self.mutant(c) for c in self.of("duplicate-unmap")]
        self.assertEqual(len(texts), 2)
        self.assertIn("{ dma_unmap_single(d, a, 64, DMA_TO_DEVICE); dma_unmap_single(d, a, 64, DMA_TO_DEVICE); }",
                      texts[1])
        self.assertIn("DMA_TO_DEVICE); dma_unmap_single(d, a, 64, DMA_TO_DEVICE); }", texts[0])

    def test_choice_depends_on_the_seed_and_the_file_only(self):
        many = self.cands * 3
        a = inject.choose(many, 1, 14, "x.c")
        self.assertEqual(a, inject.choose(many, 1, 14, "x.c"))
        self.assertEqual(len({c[0] for c in a}), len(a))

    def test_no_sync_sites_no_sync_mutants(self):
        self.assertFalse(self.of("drop-sync-for-cpu"))
        self.assertFalse(self.of("drop-sync-for-device"))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
