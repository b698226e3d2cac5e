#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Recall on misuses injected into real drivers.

For each driver file of the list (recall/drivers.txt), recall-sites (libclang,
with the file's kbuild flags) names its DMA API calls; this script turns chosen
calls into mutants, one misuse per mutant file, each with the rule and line the
scan must report; then `dmacheck scan` runs on the pristine file and on every
mutant, and a mutant counts as detected when the scan reports the expected rule
at the expected place and that finding is not on the pristine file too.

Mutants keep every line where it was (a removed statement leaves its newlines),
so findings of the mutant and the pristine file compare by line.  The files live
in an overlay of the kernel tree under --work: the driver's directory is real,
everything else a symlink into the tree, so kbuild gives a mutant exactly the
flags of the file it replaces and the tree itself is never written.

The classes (docs/recall.md says what each one takes and why):
  drop-sync-for-cpu       remove a dma_sync_*_for_cpu() statement (not DMA_TO_DEVICE)
  drop-sync-for-device    remove a dma_sync_*_for_device() statement
  drop-unmap-on-error     remove an unmap statement on an error path of a function that maps
  unmap-wrong-size        replace an unmap's size by another length
  unmap-wrong-direction   swap an unmap's direction
  drop-mapping-error      make a dma_mapping_error() check always false
  map-stack-buffer        map a buffer on the stack with dma_map_single()
  duplicate-unmap         do an unmap statement twice
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys

CLASSES = {
    # class: (expected rule, whether the finding must be on the mutated line)
    "drop-sync-for-cpu": ("cpu-read-while-device-owned", False),
    "drop-sync-for-device": ("missing-sync-for-device", False),
    "drop-unmap-on-error": ("mapping-leak", False),
    "unmap-wrong-size": ("size-mismatch", True),
    "unmap-wrong-direction": ("direction-mismatch", True),
    "drop-mapping-error": ("unchecked-mapping-error", True),
    "map-stack-buffer": ("invalid-dma-memory", True),
    "duplicate-unmap": ("double-unmap", True),
}
SWAPPED_DIRECTION = {
    "DMA_TO_DEVICE": "DMA_FROM_DEVICE",
    "DMA_FROM_DEVICE": "DMA_TO_DEVICE",
    "DMA_BIDIRECTIONAL": "DMA_TO_DEVICE",
}
STACK_BUFFER = "recall_stack_buf"
SCAN_TIMEOUT = 900


def squash(text):
    return re.sub(r"\s+", "", text)


def blank(text):
    """What replaces a removed statement: an empty statement, the same newlines."""
    return ";" + "\n" * text.count("\n")


# ---------------------------------------------------------------- the sites

def read_sites(path):
    calls, functions = [], {}
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            if obj["kind"] == "call":
                calls.append(obj)
            else:
                functions[obj["function"]] = obj
    return calls, functions


def statement_end(src, call):
    """The offset after the `;` that ends a call written as a statement, or None."""
    i = call["end"]
    while i < len(src) and src[i] in " \t\n":
        i += 1
    return i + 1 if i < len(src) and src[i] == ";" else None


def arg_text(src, call, index):
    if index is None or index < 0 or index >= len(call["args"]):
        return None
    a, b = call["args"][index]
    return src[a:b]


def other_length(src, call, calls):
    """A different length the function already uses for a map, unmap or sync, else a constant."""
    size = arg_text(src, call, call["size_arg"])
    seen = []
    for other in calls:
        if other is call or other["function"] != call["function"] or other["op"] == "mapping_error":
            continue
        if other["family"] in ("sg", "sgtable"):
            continue
        text = arg_text(src, other, other["size_arg"])
        if text and squash(text) != squash(size) and "\n" not in text and text not in seen:
            seen.append(text)
    if seen:
        return seen[0], "another length of the function"
    if "PAGE_SIZE" not in size:
        return "PAGE_SIZE", "PAGE_SIZE"
    return "(%s) / 2" % size, "half the length"


def mapping_line(src, check, calls):
    """The map whose handle a dma_mapping_error() checks: the nearest one above it in the function."""
    handle = arg_text(src, check, check["handle_arg"])
    best = None
    for c in calls:
        if (c["op"] == "map" and c["function"] == check["function"] and c["start"] < check["start"]
                and c.get("assigned_to") and handle and squash(c["assigned_to"]) == squash(handle)):
            best = c
    return best["line"] if best else None


def candidates(src, calls, functions):
    """Every mutation this file allows: (class, call, edits, expected line, detail)."""
    out = []
    mapping_functions = {c["function"] for c in calls if c["op"] == "map"}
    for c in calls:
        fn = functions.get(c["function"])
        if not fn:
            continue
        end = statement_end(src, c) if c["statement"] else None
        stmt = src[c["start"]:end] if end else None
        op = c["op"]
        direction = arg_text(src, c, c["dir_arg"])
        if op == "sync_for_cpu" and stmt and direction != "DMA_TO_DEVICE":
            out.append(("drop-sync-for-cpu", c, [(c["start"], end, blank(stmt))], None, "removed"))
        if op == "sync_for_device" and stmt:
            out.append(("drop-sync-for-device", c, [(c["start"], end, blank(stmt))], None, "removed"))
        if op == "unmap" and stmt and c["error_path"] and c["function"] in mapping_functions:
            out.append(("drop-unmap-on-error", c, [(c["start"], end, blank(stmt))], None, "removed"))
        if op == "unmap" and c["size_arg"] >= 0 and c["family"] in ("single", "page", "resource"):
            a, b = c["args"][c["size_arg"]] if c["size_arg"] < len(c["args"]) else (None, None)
            if a is not None:
                length, why = other_length(src, c, calls)
                out.append(("unmap-wrong-size", c, [(a, b, length)], c["line"],
                            "size %s -> %s (%s)" % (src[a:b], length, why)))
        if op == "unmap" and direction in SWAPPED_DIRECTION:
            a, b = c["args"][c["dir_arg"]]
            out.append(("unmap-wrong-direction", c, [(a, b, SWAPPED_DIRECTION[direction])], c["line"],
                        "%s -> %s" % (direction, SWAPPED_DIRECTION[direction])))
        if op == "mapping_error":
            text = src[c["start"]:c["end"]]
            out.append(("drop-mapping-error", c, [(c["start"], c["end"], "0" + "\n" * text.count("\n"))],
                        mapping_line(src, c, calls), "dma_mapping_error() -> 0"))
        if op == "map" and c["family"] == "single" and c["buf_arg"] >= 0 and c["buf_arg"] < len(c["args"]):
            a, b = c["args"][c["buf_arg"]]
            body = fn["body_start"]
            out.append(("map-stack-buffer", c, [(body, body + 1, "{ u8 %s[64];" % STACK_BUFFER),
                                                (a, b, STACK_BUFFER)], c["line"],
                        "buffer %s -> a u8[64] on the stack" % src[a:b]))
        if op == "unmap" and stmt and "//" not in stmt and "/*" not in stmt:
            # the copy on the statement's last line, so that no line moves
            again = re.sub(r"\s+", " ", stmt)
            out.append(("duplicate-unmap", c, [(c["start"], end, "{ %s %s }" % (stmt, again))],
                        second_unmap_line(c, stmt), "unmapped twice"))
    return out


def second_unmap_line(call, stmt):
    """The copy of a duplicated unmap sits on the statement's last line: the second unmap is there."""
    return call["line"] + stmt.count("\n")


def apply_edits(src, edits):
    for a, b, text in sorted(edits, key=lambda e: e[0], reverse=True):
        src = src[:a] + text + src[b:]
    return src


def choose(cands, per_class, seed, name):
    """At most per_class mutants of each class, drawn with a seed of its own for every file."""
    rng = random.Random("%d:%s" % (seed, name))
    chosen = []
    for cls in CLASSES:
        of_class = [c for c in cands if c[0] == cls]
        rng.shuffle(of_class)
        chosen += sorted(of_class[:per_class], key=lambda c: c[1]["start"])
    return chosen


# ---------------------------------------------------------------- the overlay

def overlay_path(tree, work, rel):
    """work/tree/rel as a real directory whose entries are symlinks into tree/rel; returns it."""
    top = os.path.join(work, "tree")
    os.makedirs(top, exist_ok=True)
    if not os.listdir(top):
        link_entries(tree, top)
    here, src = top, tree
    for part in [p for p in rel.split("/") if p]:
        here, src = os.path.join(here, part), os.path.join(src, part)
        if os.path.islink(here):
            os.unlink(here)
            os.mkdir(here)
            link_entries(src, here)
        elif not os.path.isdir(here):
            os.mkdir(here)
            link_entries(src, here)
    return here


def link_entries(src, dst):
    for name in os.listdir(src):
        target = os.path.join(dst, name)
        if not os.path.lexists(target):
            os.symlink(os.path.join(src, name), target)


# ---------------------------------------------------------------- scanning

def scan(args, path, engines, out):
    cmd = [args.dmacheck, "scan", "--kdir", args.kdir, "--engines", engines, "--format", "json",
           "--fail-on", "none", "-j", "1", "-o", out, path]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=SCAN_TIMEOUT, env=args.env)
    if res.returncode not in (0, 1, 3) or not os.path.exists(out):
        raise RuntimeError("%s: dmacheck scan failed (%d): %s" % (path, res.returncode, res.stderr[-500:]))
    with open(out) as f:
        report = json.load(f)
    errors = [d for d in report.get("diagnostics", []) if d.get("severity") == "error"]
    return report["findings"], errors


def cocci_rules(args):
    res = subprocess.run([args.dmacheck, "rules", "--format", "json"], capture_output=True, text=True,
                         check=True)
    return {r["rule"] for r in json.loads(res.stdout) if "cocci" in r["engines"]}


def run_file(args, entry, cocci):
    dset, rel = entry
    name = rel.replace("/", "_")
    wdir = os.path.join(args.work, "runs", name)
    shutil.rmtree(wdir, ignore_errors=True)
    os.makedirs(wdir)
    src_path = os.path.join(args.tree, rel)
    odir = overlay_path(args.tree, args.work, os.path.dirname(rel))
    path = os.path.join(odir, os.path.basename(rel))
    # libclang's offsets count bytes: latin-1 maps each byte to one character and back.
    with open(src_path, encoding="latin-1") as f:
        raw = f.read()
    if os.path.islink(path):
        os.unlink(path)
    write(path, raw)
    result = {"set": dset, "file": rel, "mutants": [], "pristine_findings": [], "errors": []}
    sites = os.path.join(wdir, "sites.jsonl")
    res = subprocess.run([args.sites, "--kdir", args.kdir, path], capture_output=True, text=True,
                         env=args.env)
    if res.returncode != 0:
        result["errors"].append("recall-sites: " + res.stderr.strip()[-500:])
        return result
    write(sites, res.stdout)
    calls, functions = read_sites(sites)
    findings, errors = scan(args, path, "analyzer,cocci", os.path.join(wdir, "pristine.json"))
    result["pristine_findings"] = [brief(f) for f in findings]
    if errors:
        result["errors"] += ["pristine: " + e["message"] for e in errors]
        return result
    before = {(f["rule"], f["line"]) for f in findings}
    for i, (cls, call, edits, line, detail) in enumerate(choose(candidates(raw, calls, functions),
                                                                args.per_class, args.seed, rel)):
        rule, at_line = CLASSES[cls]
        fn = functions[call["function"]]
        text = apply_edits(raw, edits)
        assert text.count("\n") == raw.count("\n"), (rel, cls, call["line"])
        write(path, text)
        # The engines' findings are merged by rule and line, so a mutant the analyzer
        # finds is found by the whole scan: the Coccinelle engine runs only when the
        # analyzer misses and the rule is one of its own (the same verdict, at a
        # fraction of the cost).
        want = line if at_line and line else None
        engines = "analyzer"
        mfind, merr = scan(args, path, engines, os.path.join(wdir, "mutant-%d.json" % i))
        new = [f for f in mfind if (f["rule"], f["line"]) not in before]
        if rule in cocci and not merr and not any(hits(f, rule, want, fn) for f in new):
            engines = "analyzer,cocci"
            cfind, merr = scan(args, path, "cocci", os.path.join(wdir, "mutant-%d-cocci.json" % i))
            known = before | {(f["rule"], f["line"]) for f in new}
            new += [f for f in cfind if (f["rule"], f["line"]) not in known]
        m = {"class": cls, "function": call["function"], "line": call["line"], "change": detail,
             "second_line": cls == "duplicate-unmap",
             "expected_rule": rule, "expected_line": want, "engines": engines,
             "detected": any(hits(f, rule, want, fn) for f in new) and not merr,
             "invalid": bool(merr), "new_findings": [brief(f) for f in new]}
        if merr:
            m["errors"] = [e["message"] for e in merr]
        if args.keep:
            write(os.path.join(wdir, "mutant-%d.c" % i), text)
        result["mutants"].append(m)
    write(path, raw)
    return result


def hits(finding, rule, line, fn):
    """The expected rule, on the expected line, or anywhere in the mutated function when no line is."""
    if finding["rule"] != rule:
        return False
    if line:
        return finding["line"] == line
    return fn["first_line"] <= finding["line"] <= fn["last_line"]


def run_file_safely(args, entry, cocci):
    """A file that fails is an error of the result, not the end of the run; each result is kept."""
    done = os.path.join(args.work, "runs", entry[1].replace("/", "_"), "result.json")
    key = {"seed": args.seed, "per_class": args.per_class, "dmacheck": digest(args.dmacheck),
           "sites": digest(args.sites), "source": digest(os.path.join(args.tree, entry[1])),
           "cocci": rules_digest()}
    if args.resume and os.path.exists(done):
        with open(done) as f:
            kept = json.load(f)
        if kept.get("key") == key:
            return rescore_duplicates(args, entry, kept["result"])
    try:
        result = run_file(args, entry, cocci)
    except (OSError, RuntimeError, subprocess.SubprocessError, ValueError, AssertionError) as e:
        result = {"set": entry[0], "file": entry[1], "mutants": [], "pristine_findings": [],
                  "errors": ["%s: %s" % (type(e).__name__, e)]}
    write(done, json.dumps({"key": key, "result": result}) + "\n")
    print("inject.py: %s: %d mutants, %d detected%s" % (
        entry[1], len(result["mutants"]), sum(m["detected"] for m in result["mutants"]),
        "; " + "; ".join(result["errors"]) if result["errors"] else ""), file=sys.stderr, flush=True)
    return result


def rules_digest():
    """The semantic patches the Coccinelle engine reads at run time, beside the binary."""
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cocci")
    h = hashlib.sha256()
    for name in sorted(os.listdir(top)) if os.path.isdir(top) else []:
        if name.endswith(".cocci"):
            with open(os.path.join(top, name), "rb") as f:
                h.update(name.encode() + f.read())
    return h.hexdigest()[:16]


def rescore_duplicates(args, entry, result):
    """Results kept before the second unmap's line was the statement's last: score them again."""
    rundir = os.path.join(args.work, "runs", entry[1].replace("/", "_"))
    stale = [m for m in result["mutants"] if m["class"] == "duplicate-unmap" and not m.get("second_line")]
    if not stale or not os.path.exists(os.path.join(rundir, "sites.jsonl")):
        return result
    calls, _ = read_sites(os.path.join(rundir, "sites.jsonl"))
    with open(os.path.join(args.tree, entry[1]), encoding="latin-1") as f:
        raw = f.read()
    for m in stale:
        for c in calls:
            if c["line"] == m["line"] and c["function"] == m["function"] and c["op"] == "unmap" and c["statement"]:
                want = second_unmap_line(c, raw[c["start"]:statement_end(raw, c)])
                m["expected_line"] = want
                m["second_line"] = True
                m["detected"] = not m["invalid"] and any(
                    n["rule"] == m["expected_rule"] and n["line"] == want for n in m["new_findings"])
    return result


def kept_result(args, entry):
    done = os.path.join(args.work, "runs", entry[1].replace("/", "_"), "result.json")
    if os.path.exists(done):
        with open(done) as f:
            return rescore_duplicates(args, entry, json.load(f)["result"])
    return {"set": entry[0], "file": entry[1], "mutants": [], "pristine_findings": [],
            "errors": ["not measured: no run finished this file"]}


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def brief(f):
    return {"rule": f["rule"], "line": f["line"], "function": f.get("function"), "engines": f.get("engines")}


def write(path, text):
    with open(path, "w", encoding="latin-1") as f:
        f.write(text)


# ---------------------------------------------------------------- scoring

def score(results):
    table = {}
    for r in results:
        for m in r["mutants"]:
            row = table.setdefault(m["class"], {"injected": 0, "detected": 0, "invalid": 0})
            if m["invalid"]:
                row["invalid"] += 1
                continue
            row["injected"] += 1
            row["detected"] += m["detected"]
    return table


def markdown(dset, results, table):
    lines = ["### %s (%d files)" % (dset, len(results)), "",
             "| Class | Expected rule | Detected / injected | Recall | Not compiled |",
             "|-------|---------------|---------------------|--------|--------------|"]
    tot_d = tot_i = 0
    for cls, (rule, _) in CLASSES.items():
        row = table.get(cls, {"injected": 0, "detected": 0, "invalid": 0})
        tot_d += row["detected"]
        tot_i += row["injected"]
        pct = "%d%%" % round(100 * row["detected"] / row["injected"]) if row["injected"] else "-"
        lines.append("| %s | %s | %d / %d | %s | %d |" % (cls, rule, row["detected"], row["injected"], pct,
                                                          row["invalid"]))
    lines.append("| all | | %d / %d | %s | |" % (tot_d, tot_i, "%d%%" % round(100 * tot_d / tot_i)
                                                 if tot_i else "-"))
    lines += ["", "| File | Mutants | Detected | Findings on the pristine file | Errors |",
              "|------|---------|----------|-------------------------------|--------|"]
    for r in results:
        valid = [m for m in r["mutants"] if not m["invalid"]]
        pf = ", ".join("%s:%d" % (f["rule"], f["line"]) for f in r["pristine_findings"]) or "none"
        lines.append("| %s | %d | %d | %s | %s |" % (r["file"], len(valid), sum(m["detected"] for m in valid),
                                                   pf, "; ".join(r["errors"])[:200] or "none"))
    return "\n".join(lines) + "\n"


def read_list(path, sets):
    entries = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            dset, rel = line.split()
            if dset in sets:
                entries.append((dset, rel))
    return entries


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dmacheck", required=True)
    p.add_argument("--sites", required=True, help="the recall-sites binary")
    p.add_argument("--kdir", required=True, help="kernel headers the drivers build against")
    p.add_argument("--tree", required=True, help="the kernel source tree the list's paths are in")
    p.add_argument("--list", default=os.path.join(here, "drivers.txt"))
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--per-class", type=int, default=1, help="mutants of each class per file (default 1)")
    p.add_argument("--jobs", type=int, default=2, help="files scanned at once")
    p.add_argument("--work", required=True, help="scratch directory (the overlay, reports)")
    p.add_argument("--out", help="where the results go (SET.json, SET.md)")
    p.add_argument("--keep", action="store_true", help="keep every mutant's source in --work")
    p.add_argument("--resume", action="store_true",
                   help="reuse the results of files an earlier run finished with the same binaries, "
                        "seed and sources")
    p.add_argument("--report-only", action="store_true",
                   help="scan nothing: tables from the results earlier runs kept in --work (a file "
                        "without one is listed as not measured)")
    p.add_argument("sets", nargs="+", help="sets of the list to run (dev, held-out)")
    args = p.parse_args()
    for attr in ("dmacheck", "sites", "kdir", "tree", "work", "list"):
        setattr(args, attr, os.path.abspath(getattr(args, attr)))
    args.env = dict(os.environ, DMACHECK_CACHE=os.environ.get("DMACHECK_CACHE",
                                                             os.path.join(args.work, "cache")))
    entries = read_list(args.list, args.sets)
    if not entries:
        sys.exit("inject.py: %s lists no file of the sets %s" % (args.list, ", ".join(args.sets)))
    for _, rel in entries:
        if not os.path.isfile(os.path.join(args.tree, rel)):
            sys.exit("inject.py: %s: not in the tree %s" % (rel, args.tree))
    if args.report_only:
        results = [kept_result(args, e) for e in entries]
    else:
        if not args.resume:
            shutil.rmtree(os.path.join(args.work, "runs"), ignore_errors=True)
        cocci = cocci_rules(args)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(lambda e: run_file_safely(args, e, cocci), entries))
    rc = 0
    for dset in args.sets:
        mine = [r for r in results if r["set"] == dset]
        if not mine:
            continue
        table = score(mine)
        md = markdown(dset, mine, table)
        sys.stdout.write(md + "\n")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            doc = {"set": dset, "seed": args.seed, "per_class": args.per_class, "classes": table,
                   "files": mine}
            write(os.path.join(args.out, dset + ".json"), json.dumps(doc, indent=1, sort_keys=True) + "\n")
            write(os.path.join(args.out, dset + ".md"), md)
        if any(r["errors"] for r in mine):
            rc = 3
    sys.exit(rc)


if __name__ == "__main__":
    main()
