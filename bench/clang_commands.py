#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The clang floor's commands: one shell line per compile-database entry that
cds to its directory and runs its arguments with clang's syntax-only pass in
place of the compilation (the analyzer's own arguments, parsed by clang-14).

usage: clang_commands.py COMPILE_COMMANDS.json OUT
"""
import json
import shlex
import sys


def syntax_only(entry):
    args = entry.get("arguments") or shlex.split(entry["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a in ("-c", "-E", "-S"):
            continue
        keep.append(a)
    return "cd %s && %s" % (shlex.quote(entry["directory"]),
                            shlex.join(["clang-14", "-fsyntax-only", "-Wno-everything"] + keep))


def main():
    with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
        for e in json.load(f):
            out.write(syntax_only(e) + "\n")


if __name__ == "__main__":
    main()
