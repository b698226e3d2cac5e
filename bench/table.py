#!/usr/bin/env python3
"""Prints `make bench`'s one table from the result files the bench scripts
wrote (one "PART NAME key=value..." line per measured run).

usage: table.py [--testcases DIR] RESULTS...

Every ratio is taken between runs of the same invocation (and, at run time,
of the same boot), so that the noise of a shared machine cancels out.
"""
import argparse
import os
import re
import statistics
import sys
from collections import defaultdict

OPS = [("tx_map_unmap", "tx map+unmap"), ("rx_map_unmap", "rx map+unmap"),
       ("rx_sync", "rx sync pair")]
CONFIGS = [
    ("off", "not loaded"),
    ("probes-idle", "probes, tracking off"),
    ("probes-plain", "probes, plain"),
    ("probes-checksum", "probes, checksum"),
    ("probes-poison", "probes, poison"),
    ("wrap-plain", "wrap, plain"),
    ("wrap-checksum", "wrap, checksum"),
    ("wrap-poison", "wrap, poison"),
    ("dmadebug", "dma-debug on"),
    ("dmadebug-again", "dma-debug on, again"),
    ("off-again", "not loaded, again"),
]
# MemFree moves by whole pages and by what else the guest does: per mapping it
# means something only over many mappings.
MEMFREE_MIN_LIVE = 100000
DMA_DEBUG_ENTRY_BYTES = 128  # sizeof(struct dma_debug_entry), 6.1 x86-64 (shared reference)


def read_results(paths):
    rows = []
    for path in paths:
        if not os.path.exists(path):
            continue
        for line in open(path):
            words = line.split()
            if len(words) < 2:
                continue
            row = {"part": words[0], "name": words[1]}
            for w in words[2:]:
                if "=" in w:
                    k, v = w.split("=", 1)
                    row[k] = v
            rows.append(row)
    return rows


def num(row, key, default=0.0):
    try:
        return float(row.get(key, default))
    except ValueError:
        return default


def pick(rows, **want):
    return [r for r in rows if all(r.get(k) == v for k, v in want.items())]


def one(rows, **want):
    found = pick(rows, **want)
    return found[0] if found else None


def mib(kb):
    return "%.0f" % (kb / 1024.0)


def ratio(a, b):
    return "%.2fx" % (a / b) if b else "-"


def heading(text):
    print()
    print(text)
    print("-" * len(text))


def static_section(rows):
    tree = one(rows, part="static", name="tree")
    if not tree:
        return
    heading("Static: dmacheck scan on %s (%s C files, -j %s)"
            % (tree.get("what", "?").replace(",", " "), tree["files"], tree["jobs"]))
    runs = [("floor-clang", "clang -fsyntax-only (parsing floor)"),
            ("floor-spatch", "spatch + the pack, directly (Coccinelle floor)"),
            ("engine-analyzer", "dmacheck --engines analyzer"),
            ("engine-cocci", "dmacheck --engines cocci"),
            ("all", "dmacheck, all engines")]
    floors = {"engine-analyzer": "floor-clang", "engine-cocci": "floor-spatch"}
    print("%-48s %6s %8s %8s %8s %9s %8s %10s  %s" % (
        "run", "files", "wall s", "CPU s", "RSS MiB", "tree MiB", "files/s", "x floor",
        "findings"))
    by_name = {r["name"]: r for r in pick(rows, part="static")}
    floor_wall = sum(num(by_name[f], "wall_s") for f in ("floor-clang", "floor-spatch")
                     if f in by_name)
    for name, label in runs:
        r = by_name.get(name)
        if not r:
            continue
        wall, cpu = num(r, "wall_s"), num(r, "user_s") + num(r, "sys_s")
        files = num(r, "files")
        if name in floors and floors[name] in by_name:
            f = by_name[floors[name]]
            versus = "%s wall" % ratio(wall, num(f, "wall_s"))
        elif name == "all" and floor_wall:
            versus = "%s wall" % ratio(wall, floor_wall)
        else:
            versus = "1.00x" if name.startswith("floor") else "-"
        findings = ""
        if "findings" in r:
            findings = "%s (+%s diagnostics)" % (r["findings"], r.get("diagnostics", 0))
        status = "" if r.get("status", "0") in ("0", "1", "3") else "  [exit %s]" % r["status"]
        print("%-48s %6d %8.1f %8.1f %8s %9s %8.1f %10s  %s%s" % (
            label, files, wall, cpu, mib(num(r, "maxrss_kb")), mib(num(r, "treerss_kb")),
            files / wall if wall else 0, versus, findings, status))
    parsed = by_name.get("analyzer-parsed")
    if parsed:
        print("(the analyzer parses only files that use the DMA API: %s of %s; the clang floor"
              " parses the same %s with the analyzer's own compile commands)"
              % (parsed["files"], tree["files"], parsed["files"]))
    print("x floor: wall time over the floor's; for all engines, over both floors together."
          " RSS: largest process; tree: all processes at once.")


def onefile_section(rows):
    by_name = {r["name"][len("one-"):]: r for r in pick(rows, part="static")
               if r["name"].startswith("one-")}
    floor = by_name.get("floor-clang")
    if not by_name:
        return
    some = next(iter(by_name.values()))
    heading("One file: dmacheck scan of %s, median of %s runs after a warm-up (flags cache warm)"
            % (some.get("file", "?"), some.get("runs", "?")))
    print("%-48s %8s %8s %8s %10s %10s  %s" % ("run", "wall s", "CPU s", "RSS MiB", "x clang",
                                               "x clang", "findings"))
    for name, label in [("floor-clang", "clang -fsyntax-only (parsing floor)"),
                        ("engine-analyzer", "dmacheck --engines analyzer"),
                        ("engine-cocci", "dmacheck --engines cocci"),
                        ("all", "dmacheck, default engines")]:
        r = by_name.get(name)
        if not r:
            continue
        wall, cpu = num(r, "wall_s"), num(r, "user_s") + num(r, "sys_s")
        fcpu = num(floor, "user_s") + num(floor, "sys_s") if floor else 0
        versus = "%s wall" % ratio(wall, num(floor, "wall_s")) if floor else "-"
        versus_cpu = "%s CPU" % ratio(cpu, fcpu) if floor else "-"
        print("%-48s %8.2f %8.2f %8s %10s %10s  %s" % (label, wall, cpu, mib(num(r, "maxrss_kb")),
                                                       versus, versus_cpu, r.get("findings", "")))
    print("x clang: wall and CPU time over clang-14 -fsyntax-only's of the file with the"
          " analyzer's own arguments (CPU is the steadier on a loaded machine).")


def gate_section(rows):
    tree = one(rows, part="gate", name="tree")
    if not tree:
        return
    heading("Lint gate: %s as a git repository (%s C files), a series of %s commits touching %s"
            % (tree["what"], tree["files"], tree["changed"], tree.get("touched", "").replace(",", ", ")))
    print("%-40s %6s %8s %8s %8s %12s" % ("scan", "files", "wall s", "CPU s", "RSS MiB",
                                           "x full scan"))
    full = {"cold": one(rows, part="gate", name="full-cold"),
            "warm": one(rows, part="gate", name="full-warm")}
    for name, label in [("full-cold", "whole tree, cold flags cache"),
                        ("full-warm", "whole tree, warm flags cache"),
                        ("changed-cold", "--changed-since HEAD~N, cold cache"),
                        ("changed-warm", "--changed-since HEAD~N, warm cache")]:
        r = one(rows, part="gate", name=name)
        if not r:
            continue
        base = full[name.split("-")[1]]
        wall = num(r, "wall_s")
        print("%-40s %6s %8.1f %8.1f %8s %12s" % (
            label, r.get("files", "?"), wall, num(r, "user_s") + num(r, "sys_s"),
            mib(num(r, "maxrss_kb")), ratio(wall, num(base, "wall_s")) if base else "-"))


def cell(r, base):
    if not r:
        return "-"
    text = "%s (%s-%s)" % (r["median_ns"], r["min_ns"], r["max_ns"])
    if base and base is not r:
        text += " %s" % ratio(num(r, "median_ns"), num(base, "median_ns"))
    return text


def cost_table(rows, kernel, kind, part):
    results = pick(rows, part=part, name="result", kernel=kernel, kind=kind)
    if not results:
        return
    smallest = min(int(r["live"]) for r in results if "live" in r)
    print("%-24s" % ("config (%d live)" % smallest) + "".join("%-28s" % l for _, l in OPS))
    baseline = {op: one(results, config="off", op=op, live=str(smallest)) for op, _ in OPS}
    if not any(baseline.values()):
        baseline = {op: one(results, config="dmadebug", op=op, live=str(smallest)) for op, _ in OPS}
    for config, label in CONFIGS:
        cells = [one(results, config=config, op=op, live=str(smallest)) for op, _ in OPS]
        if not any(cells):
            continue
        print("%-24s" % label + "".join("%-28s" % cell(c, baseline[op])
                                        for c, (op, _) in zip(cells, OPS)))
    for r in pick(rows, part=part, name="result", kernel=kernel, kind=kind):
        if "error" in r:
            print("  error: config %s live %s: %s" % (r.get("config"), r.get("live"), r["error"]))
    # Scaling: the same configuration with more live mappings.
    sizes = sorted({int(r["live"]) for r in results if "live" in r})
    if len(sizes) > 1:
        print("scaling, ns per pair (x the %d-live cost):" % smallest)
        for config, label in CONFIGS:
            line = []
            for op, op_label in OPS:
                base = one(results, config=config, op=op, live=str(smallest))
                if not base:
                    continue
                points = []
                for s in sizes:
                    r = one(results, config=config, op=op, live=str(s))
                    if r:
                        points.append("%s %s" % (r["median_ns"], ratio(num(r, "median_ns"),
                                                                       num(base, "median_ns"))))
                if len(points) > 1:
                    line.append("%s: %s" % (op_label, " / ".join(points)))
            if line:
                print("  %-22s live %s: %s" % (label, "/".join("%g" % s for s in sizes),
                                               "; ".join(line)))


def memory_lines(rows, kernel, kind, part):
    mem = pick(rows, part=part, name="memory", kernel=kernel, kind=kind)
    load = one(mem, config="tracker-load")
    if load and num(load, "entries_capacity"):
        cap = num(load, "entries_capacity")
        counted = (num(load, "before_memfree_kb") - num(load, "loaded_memfree_kb")) * 1024
        print("dmatrack memory: %s bytes per entry reserved at load by its own accounting"
              " (table_bytes %s / %d entries); MemFree fell by %.0f bytes per entry at load"
              % ("%.0f" % (num(load, "table_bytes") / cap), load["table_bytes"], cap, counted / cap))

    def used(r):
        return (num(r, "before_memfree_kb") - num(r, "held_memfree_kb")) * 1024

    sizes = sorted({int(r["live"]) for r in mem if "live" in r})
    if not sizes:
        return
    largest = str(sizes[-1])
    off = one(mem, config="off", live=largest)
    for config in ("probes-plain", "wrap-plain", "dmadebug"):
        r = one(mem, config=config, live=largest)
        if not r:
            continue
        own = ""
        if "table_bytes" in r:
            own = "own accounting: 0 added (all reserved at load), %s of %s entries live" % (
                r.get("entries_live"), r.get("entries_capacity"))
        elif "nr_total_entries" in r:
            in_use = num(r, "nr_total_entries") - num(r, "num_free_entries")
            own = "own accounting: %d entries in use x %d bytes = %.0f bytes per live mapping" % (
                in_use, DMA_DEBUG_ENTRY_BYTES, in_use * DMA_DEBUG_ENTRY_BYTES / float(largest))
            if r.get("disabled") == "Y":
                own += " (dma-debug DISABLED itself)"
        if off and int(largest) >= MEMFREE_MIN_LIVE:
            print("%s with %s live mappings: kernel counters (MemFree) %.0f bytes per live mapping"
                  " beyond the same run untracked; %s"
                  % (config, largest, (used(r) - used(off)) / float(largest), own))
        else:
            print("%s with %s live mappings: %s" % (config, largest, own))


def runtime_section(rows):
    kernels = [r["kernel"] for r in pick(rows, part="runtime", name="kernel")]
    for kernel in kernels:
        info = one(rows, part="runtime", name="kernel", kernel=kernel)
        for kind, what in [("direct", "dma-direct, no bouncing"),
                           ("bounced", "swiotlb=force, every mapping bounced")]:
            if not pick(rows, part="runtime", name="result", kernel=kernel, kind=kind):
                continue
            heading("Runtime: dmatrack on %s (%s interception), %s: ns per pair, median (min-max)"
                    " x not loaded" % (kernel, info.get("interception", "?"), what))
            cost_table(rows, kernel, kind, "runtime")
            memory_lines(rows, kernel, kind, "runtime")


def expectations(testcases):
    """Rules each runtime test module expects, from its expect annotations."""
    expect = {}
    pattern = re.compile(r"/\* expect(?:\[[a-z]+\])?: ([a-z-]+) \*/")
    for rule_dir in sorted(os.listdir(testcases)):
        path = os.path.join(testcases, rule_dir)
        if not os.path.isdir(path) or rule_dir == "harness":
            continue
        for name in sorted(os.listdir(path)):
            if name.endswith(".c"):
                text = open(os.path.join(path, name)).read()
                expect[name[:-2]] = sorted(set(pattern.findall(text)))
    return expect


def dmadebug_section(rows, testcases):
    kernel = one(rows, part="dmadebug", name="kernel")
    if not kernel:
        return
    k = kernel["kernel"]
    heading("CONFIG_DMA_API_DEBUG (Linux %s, %s): ns per pair, median (min-max) x first row"
            % (k, kernel.get("config")))
    print("(booted with dma_debug=off: the same kernel without its checks, and dmatrack on it)")
    cost_table(rows, k, "direct", "dmadebug")
    memory_lines(rows, k, "direct", "dmadebug")
    if not testcases:
        return
    expect = expectations(testcases)
    debug = defaultdict(set)
    for r in pick(rows, part="dmadebug", name="caught"):
        debug[r["module"]].add(r["rule"])
    tracked = defaultdict(lambda: defaultdict(set))
    kernels = []
    for r in pick(rows, part="dmadebug", name="dmatrack"):
        tracked[r["module"]][r["kernel"]].add(r["rule"])
        if r["kernel"] not in kernels:
            kernels.append(r["kernel"])
    errors = pick(rows, part="dmadebug", name="test-error")
    heading("Per test module (testcases/runtime): what each checker reported")
    print("%-34s %-28s %-32s %s" % ("module", "expected", "dma-debug", "dmatrack (%s)" % ", ".join(kernels) if kernels else "dmatrack"))
    score = {"debug": 0, "track": 0, "bad": 0, "debug_fp": 0, "track_fp": 0}

    def mark(got, want):
        if not got:
            return "-"
        return ",".join(sorted(got)) + (" ok" if want and set(want) <= got else "")

    for module in sorted(expect, key=lambda m: (m.endswith("_clean"), m)):
        want = expect[module]
        got_debug = debug.get(module, set())
        got_track = set()
        for kk in kernels:
            got_track |= tracked[module][kk]
        both = [tracked[module][kk] for kk in kernels]
        same = all(b == both[0] for b in both) if both else True
        if module.endswith("_bad"):
            score["bad"] += 1
            score["debug"] += bool(want) and set(want) <= got_debug
            score["track"] += bool(want) and set(want) <= got_track and same
        else:
            score["debug_fp"] += bool(got_debug)
            score["track_fp"] += bool(got_track)
        print("%-34s %-28s %-32s %s%s" % (module, ",".join(want) or "-", mark(got_debug, want),
                                          mark(got_track, want), "" if same else " (kernels differ)"))
    print("bad modules caught with every expected rule: dma-debug %d of %d, dmatrack %d of %d;"
          " clean twins reported: dma-debug %d, dmatrack %d"
          % (score["debug"], score["bad"], score["track"], score["bad"], score["debug_fp"],
             score["track_fp"]))
    for r in errors:
        print("  test module problem in the %s boot: %s %s" % (r.get("boot"), r.get("module"),
                                                              r.get("error")))


def meta_section(rows):
    m = one(rows, part="meta", name="run")
    if not m:
        return
    print("dmacheck bench, %s, commit %s" % (m.get("date", "?"), m.get("commit", "?")))
    print("machine: %s, %s CPUs, %s GiB; load average at start %s; guests: QEMU TCG (no KVM), 2 vCPUs"
          % (m.get("cpu", "?").replace("_", " "), m.get("cpus", "?"), m.get("mem_gib", "?"),
             m.get("load", "?")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--testcases", help="testcases/runtime, for the per-module expectations")
    parser.add_argument("results", nargs="+")
    args = parser.parse_args()
    rows = read_results(args.results)
    if not rows:
        print("table.py: no results in %s" % " ".join(args.results), file=sys.stderr)
        return 1
    meta_section(rows)
    static_section(rows)
    onefile_section(rows)
    gate_section(rows)
    runtime_section(rows)
    dmadebug_section(rows, args.testcases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
