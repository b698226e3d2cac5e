#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Combines standalone semantic patches into one, so that spatch parses each
C file once for the whole pack instead of once per rule.

Each input stays an opaque, standalone semantic patch; only what would clash
in one spatch run is renamed, mechanically:

  - rule names (and every reference to them: "depends on", inherited
    metavariables "rule.mv", "p << rule.mv" in scripts), prefixed with the
    rule file's slug;
  - Python names the file binds at module level (its initialize and
    finalize code, functions, tables, state kept across script rules), which
    all scripts of one spatch run share, prefixed the same way;
  - coccilib, which the file's Python sees as a stand-in whose
    report.print_report() puts "SLUG<TAB>" before the report line, so that
    every finding is attributed to the rule file that made it.

SmPL metavariables are local to their rule and are left alone, as are the
rule bodies.  `virtual` declarations are merged.  Anything the combiner does
not understand is an error naming the file and line, never a guess.

usage: combine.py -o OUT RULE.cocci...   (the slug is the file name without .cocci)
"""
import argparse
import ast
import os
import re
import sys

PYTHON_KINDS = ("script:python", "initialize:python", "finalize:python")
# Words of a rule header that are not its name.
HEADER_WORDS = {"depends", "on", "extends", "disable", "using", "exists", "forall",
                "expression", "identifier", "type", "declaration", "statement",
                "strict", "any", "when", "ever", "never", "file", "in"}
HEADER_RE = re.compile(r"^@(?!@)(.*)@\s*$")
END_DECLS_RE = re.compile(r"^@@\s*$")
STUB = "coccilib"


class CombineError(Exception):
    pass


def ident(slug):
    return re.sub(r"\W", "_", slug)


class Rule:
    """One rule of a semantic patch: header, declarations, body (lines)."""

    def __init__(self, header, line):
        self.header = header.strip()
        self.line = line
        self.decls = []
        self.body = []
        self.kind = ""
        for k in PYTHON_KINDS:
            if self.header.startswith(k):
                self.kind = k
        rest = self.header[len(self.kind):] if self.kind else self.header
        if self.kind and rest.startswith("("):
            rest = rest[rest.index(")") + 1:]
        words = rest.split()
        self.name = words[0] if words and re.match(r"^[A-Za-z_]\w*$", words[0]) and \
            words[0] not in HEADER_WORDS else None

    @property
    def is_python(self):
        return bool(self.kind)


def split_rules(path, text):
    """The preface (lines before the first rule) and the rules of one file."""
    preface, rules, cur, in_decls = [], [], None, False
    for no, line in enumerate(text.splitlines(), 1):
        m = HEADER_RE.match(line)
        if m and not END_DECLS_RE.match(line):
            cur = Rule(m.group(1), no)
            rules.append(cur)
            in_decls = True
        elif cur is None:
            preface.append((no, line))
        elif in_decls and END_DECLS_RE.match(line):
            in_decls = False
        elif in_decls:
            cur.decls.append(line)
        else:
            cur.body.append(line)
    if cur is not None and in_decls:
        raise CombineError("%s:%d: rule header without its @@" % (path, cur.line))
    return preface, rules


def read_preface(path, preface):
    """The virtual rules a file declares; it may hold nothing else but comments."""
    virtuals = []
    for no, line in preface:
        s = line.strip()
        if not s or s.startswith("//") or s.startswith("#spatch"):
            continue
        m = re.match(r"^virtual\s+(.*)$", s)
        if not m:
            raise CombineError("%s:%d: cannot combine a preface line: %s" % (path, no, s))
        virtuals += [v.strip() for v in m.group(1).split(",") if v.strip()]
    return virtuals


def split_python(lines):
    """A Python body and the SmPL comment lines after it (before the next rule)."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("//")):
        end -= 1
    return "\n".join(lines[:end]) + "\n", lines[end:]


class ModuleNames(ast.NodeVisitor):
    """Names a piece of Python binds in the module namespace spatch shares."""

    def __init__(self):
        self.bound, self.imported, self.depth = set(), set(), 0

    def visit_FunctionDef(self, node):
        if self.depth == 0:
            self.bound.add(node.name)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda

    def visit_Global(self, node):
        self.bound.update(node.names)

    def visit_Name(self, node):
        if self.depth == 0 and isinstance(node.ctx, (ast.Store, ast.Del)):
            self.bound.add(node.id)

    def visit_Import(self, node):
        for a in node.names:
            name = a.asname or a.name.split(".")[0]
            if self.depth == 0:
                self.imported.add(name)

    visit_ImportFrom = visit_Import


class Renamer(ast.NodeTransformer):
    """Renames Python names (not attributes, not keyword-argument names)."""

    def __init__(self, names):
        self.names = names

    def new(self, name):
        return self.names.get(name, name)

    def visit_Name(self, node):
        node.id = self.new(node.id)
        return node

    def visit_FunctionDef(self, node):
        node.name = self.new(node.name)
        self.generic_visit(node)
        return node

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_arg(self, node):
        node.arg = self.new(node.arg)
        return node

    def visit_Global(self, node):
        node.names = [self.new(n) for n in node.names]
        return node

    visit_Nonlocal = visit_Global


def parse_python(path, rule, code, mode="exec"):
    try:
        return ast.parse(code, mode=mode)
    except SyntaxError as e:
        raise CombineError("%s:%d: cannot read the Python of rule '%s': %s" %
                           (path, rule.line, rule.header, e.msg))


def rename_python(path, rule, code, names, mode="exec"):
    tree = Renamer(names).visit(parse_python(path, rule, code, mode))
    return ast.unparse(tree)


# "script:python(r.x, y) { expr }" constraints in SmPL declarations.
CONSTRAINT_RE = re.compile(r"(\w+)\s*:\s*script:python\s*\(([^)]*)\)\s*\{(.*?)\}\s*;", re.S)
STRING_RE = re.compile(r'"(?:\\.|[^"\\])*"')


def rename_rule_refs(text, rules):
    """rule.mv references to renamed rules, outside strings."""
    out, last = [], 0
    for m in STRING_RE.finditer(text):
        out.append(re.sub(r"(?<![\w.>])(\w+)(\s*\.\s*\w)",
                          lambda r: rules.get(r.group(1), r.group(1)) + r.group(2),
                          text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(re.sub(r"(?<![\w.>])(\w+)(\s*\.\s*\w)",
                      lambda r: rules.get(r.group(1), r.group(1)) + r.group(2), text[last:]))
    return "".join(out)


def rename_decls(path, rule, rules, pynames):
    text = "\n".join(rule.decls)
    if rule.is_python:
        # "name << rule.mv;": name is the Python variable the script reads.
        text = re.sub(r"^(\s*)(\w+)(\s*<<)",
                      lambda m: m.group(1) + pynames.get(m.group(2), m.group(2)) + m.group(3),
                      text, flags=re.M)
        return rename_rule_refs(text, rules)
    out, last = [], 0
    for m in CONSTRAINT_RE.finditer(text):
        out.append(rename_rule_refs(text[last:m.start()], rules))
        own = {m.group(1)} | {a.split(".")[-1].strip() for a in m.group(2).split(",") if a.strip()}
        names = {k: v for k, v in pynames.items() if k not in own}
        expr = rename_python(path, rule, m.group(3).strip(), names, mode="eval")
        out.append("%s : script:python(%s) { %s };" %
                   (m.group(1), rename_rule_refs(m.group(2), rules), expr))
        last = m.end()
    out.append(rename_rule_refs(text[last:], rules))
    return "".join(out)


def rename_header(rule, rules):
    return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: rules.get(m.group(0), m.group(0)), rule.header)


class RuleFile:
    def __init__(self, path):
        self.path = path
        self.slug = os.path.basename(path)[:-len(".cocci")] if path.endswith(".cocci") \
            else os.path.basename(path)
        self.prefix = ident(self.slug) + "__"
        with open(path, encoding="utf-8") as f:
            preface, self.rules = split_rules(path, f.read())
        self.virtuals = read_preface(path, preface)
        names = [r.name for r in self.rules if r.name]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise CombineError("%s: rule names used twice: %s" % (path, ", ".join(sorted(dup))))
        self.rule_names = {n: self.prefix + n for n in names}
        self.pynames = self.python_names()

    def python_names(self):
        seen = ModuleNames()
        for r in self.rules:
            if r.is_python:
                seen.visit(parse_python(self.path, r, split_python(r.body)[0]))
        bound = seen.bound - seen.imported
        names = {n: self.prefix + n for n in bound}
        names[STUB] = self.prefix + STUB
        return names

    def combined(self):
        out = ["// ---- %s" % os.path.basename(self.path), "",
               "@initialize:python@", "@@",
               "%s = dmc_pack_attributed(%r)" % (self.pynames[STUB], self.slug), ""]
        for r in self.rules:
            out.append("@%s@" % rename_header(r, self.rule_names))
            decls = rename_decls(self.path, r, self.rule_names, self.pynames)
            if decls:
                out.append(decls)
            out.append("@@")
            if r.is_python:
                code, rest = split_python(r.body)
                out.append(rename_python(self.path, r, code, self.pynames))
                out += rest
            else:
                out += r.body
        return "\n".join(out) + "\n"


# The stand-in for coccilib each file's Python sees: report lines get the
# rule file's slug in front; everything else is coccilib's.
PRELUDE = '''@initialize:python@
@@
import contextlib as dmc_pack_contextlib
import io as dmc_pack_io

class dmc_pack_attributed:
	def __init__(self, slug):
		self.slug = slug
		self.report = self

	def __getattr__(self, name):
		return getattr(coccilib, name)

	def print_report(self, *args, **kwargs):
		buf = dmc_pack_io.StringIO()
		with dmc_pack_contextlib.redirect_stdout(buf):
			coccilib.report.print_report(*args, **kwargs)
		for line in buf.getvalue().splitlines():
			print(self.slug + "\\t" + line)

	def build_report(self, *args, **kwargs):
		return coccilib.report.build_report(*args, **kwargs)
'''


def combine(paths):
    files = [RuleFile(p) for p in paths]
    slugs = [f.slug for f in files]
    if len(set(slugs)) != len(slugs):
        raise CombineError("the same rule file given twice")
    virtuals = []
    for f in files:
        virtuals += [v for v in f.virtuals if v not in virtuals]
    head = ["// Generated by cocci/combine.py from %s; do not edit." %
            ", ".join(os.path.basename(p) for p in paths),
            "// Each rule file's findings are its report lines with its slug and a tab before them.",
            ""]
    head += ["virtual %s" % v for v in virtuals]
    return "\n".join(head) + "\n\n" + PRELUDE + "\n" + "\n".join(f.combined() for f in files)


def main():
    ap = argparse.ArgumentParser(description="Combine semantic patches into one.")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("rules", nargs="+")
    args = ap.parse_args()
    try:
        text = combine(args.rules)
    except (CombineError, OSError) as e:
        print("combine.py: %s" % e, file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
