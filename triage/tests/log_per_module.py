#!/usr/bin/env python3
"""Reads a kernel log of the runtime test modules, run one after another,
with `dmacheck triage` module by module: what the log says of each module.

The log must mark where each module's run begins with a kernel line
"dmabench: test module NAME" (bench/guest-init.sh writes it to /dev/kmsg
before loading NAME).  Each module's part of the log is given to

    dmacheck triage --log PART --engines none --format json

the way a user gives a log to triage.  Prints one line per module:

    NAME warnings=N rules=RULE,RULE... functions=F,F...

warnings: the kernel's "DMA-API: <driver> <device>: ..." warning lines in
the part, counted here from the text (independently of triage); rules: the
rules of triage's findings; functions: the modules the findings' call sites
name ("[module]").

usage: log_per_module.py DMACHECK LOG
"""
import json
import os
import re
import subprocess
import sys
import tempfile

MARKER = re.compile(r"dmabench: test module (\S+)\s*$")
END = re.compile(r"dmabench: test modules done")
WARNING = re.compile(r"DMA-API: \S+ \S+: ")


def parts(path):
    """(module, lines) for each module's run, in log order."""
    found, name, lines = [], None, []
    for line in open(path, errors="replace"):
        m = MARKER.search(line)
        if m or END.search(line):
            if name:
                found.append((name, lines))
            name, lines = (m.group(1) if m else None), []
            continue
        if name:
            lines.append(line)
    if name:
        found.append((name, lines))
    return found


def triage(dmacheck, lines, tmp):
    log = os.path.join(tmp, "part.log")
    with open(log, "w") as f:
        f.writelines(lines)
    run = subprocess.run([dmacheck, "triage", "--log", log, "--engines", "none",
                          "--format", "json"], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit("log_per_module.py: dmacheck triage failed (exit %d): %s"
                 % (run.returncode, run.stderr.strip()))
    return json.loads(run.stdout)["findings"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: log_per_module.py DMACHECK LOG")
    dmacheck, path = sys.argv[1], sys.argv[2]
    if not os.path.isfile(path):
        sys.exit("log_per_module.py: %s: no such file" % path)
    found = parts(path)
    if not found:
        sys.exit("log_per_module.py: %s: no \"dmabench: test module NAME\" lines" % path)
    with tempfile.TemporaryDirectory() as tmp:
        for name, lines in found:
            findings = triage(dmacheck, lines, tmp)
            rules = sorted({f["rule"] for f in findings})
            modules = sorted({m for f in findings
                              for m in re.findall(r"\[([A-Za-z0-9_]+)\]", f.get("function") or "")})
            warnings = sum(1 for line in lines if WARNING.search(line))
            print("%s warnings=%d rules=%s functions=%s"
                  % (name, warnings, ",".join(rules) or "-", ",".join(modules) or "-"))


if __name__ == "__main__":
    main()
