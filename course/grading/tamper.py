"""Tamper scan: flag submissions whose code reaches into the grader, for an instructor to review.

The hidden tests are robust on their own (their references are bound in a locked cell before any
student code runs), so a flag changes no score; it says where a submission reassigns a library
function, a builtin or a grader reference, patches modules, or ends or wipes the kernel.
"""

from __future__ import annotations

import ast
import builtins
import re

from .notebooks import cell_label, grader_meta

BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("__"))
RISKY_CALLS = {
    "setattr": "calls setattr",
    "delattr": "calls delattr",
    "exec": "calls exec",
    "eval": "calls eval",
    "__import__": "calls __import__",
    "exit": "calls exit()",
    "quit": "calls quit()",
    "globals": "touches globals()",
}
RISKY_ATTRIBUTES = {
    ("os", "_exit"): "calls os._exit",
    ("sys", "exit"): "calls sys.exit",
    ("sys", "modules"): "touches sys.modules",
    ("sys", "setprofile"): "replaces the profiler (sys.setprofile)",
    ("sys", "settrace"): "replaces the tracer (sys.settrace)",
    ("sys", "_getframe"): "inspects the caller's frame",
    ("inspect", "stack"): "inspects the caller's frame",
    ("importlib", "reload"): "reloads a module",
    ("gc", "get_objects"): "walks the heap (gc.get_objects)",
    ("gc", "get_referrers"): "walks the heap (gc.get_referrers)",
}
RISKY_MODULES = {"ctypes": "imports ctypes", "builtins": "imports builtins"}
# Settings a correct answer may change (set_seed's cuDNN and TF32 flags, CUBLAS_WORKSPACE_CONFIG):
# assigning them configures the library, it does not replace a function the grader uses.
SETTINGS = frozenset(
    {
        "torch.backends.cudnn.deterministic",
        "torch.backends.cudnn.benchmark",
        "torch.backends.cudnn.allow_tf32",
        "torch.backends.cuda.matmul.allow_tf32",
    }
)
SETTING_MAPPINGS = frozenset({"os.environ"})
MAGIC = re.compile(r"^\s*(%%?\w+|!)")


def bound_names(sources: list[str], imports_only: bool = False) -> set[str]:
    """Top-level names bound by the given cells (imports, and unless `imports_only`,
    assignments and defs)."""
    names: set[str] = set()
    for source in sources:
        tree = _parse(source)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif imports_only:
                continue
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
    return names


def _parse(source: str) -> ast.Module | None:
    """The cell's AST, or None when it does not parse (its own exercise fails, nothing else)."""
    try:
        return ast.parse(_without_magics(source))
    except (SyntaxError, ValueError, SystemError, RecursionError):
        # CPython 3.11 can raise SystemError instead of SyntaxError when parsing in a thread.
        return None


def _without_magics(source: str) -> str:
    return "\n".join("pass" if MAGIC.match(line) else line for line in source.splitlines())


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for a message
        return "?"


def _is_setting(target: ast.AST) -> bool:
    """Is this assignment target a library setting rather than a function or reference?"""
    if isinstance(target, ast.Subscript):
        return _dotted(target.value) in SETTING_MAPPINGS
    return isinstance(target, ast.Attribute) and _dotted(target) in SETTINGS


def _module_level_bindings(tree: ast.Module):
    """(node, name) of every name a cell binds at module level or declares `global`.

    Function bodies are skipped (a local `sum = 0.0` is no tampering), except for the names a
    function declares global.
    """
    declared = {n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names}
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node, node.name
            for inner in ast.walk(node):
                if isinstance(inner, ast.Name) and inner.id in declared:
                    if isinstance(inner.ctx, ast.Store | ast.Del):
                        yield inner, inner.id
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                yield node, (alias.asname or alias.name).split(".")[0]
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store | ast.Del):
                yield child, child.id
            elif isinstance(child, ast.stmt | ast.expr | ast.excepthandler | ast.comprehension):
                if not isinstance(child, ast.Lambda):
                    pending.append(child)


def scan_cell(source: str, protected: set[str], modules: set[str]) -> list[tuple[int, str]]:
    """(line, reason) for each suspicious construct in one cell's code."""
    findings = []
    for number, line in enumerate(source.splitlines(), start=1):
        if MAGIC.match(line):
            word = line.strip().split()[0]
            findings.append((number, f"runs the magic or shell command {word!r}"))
    tree = _parse(source)
    if tree is None:
        return findings
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                root = _root_name(target)
                if _is_setting(target):
                    continue
                if isinstance(target, ast.Attribute | ast.Subscript) and root in modules:
                    findings.append((line, f"reassigns {_dotted(target)} (a module attribute)"))
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in RISKY_CALLS:
                findings.append((line, RISKY_CALLS[func.id]))
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                reason = RISKY_ATTRIBUTES.get((func.value.id, func.attr))
                if reason:
                    findings.append((line, reason))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            reason = RISKY_ATTRIBUTES.get((node.value.id, node.attr))
            if reason and not isinstance(getattr(node, "ctx", None), ast.Load):
                findings.append((line, reason))
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for alias in node.names:
                top = (module or alias.name).split(".")[0]
                if top in RISKY_MODULES:
                    findings.append((line, RISKY_MODULES[top]))
        if isinstance(node, ast.Name) and node.id == "__builtins__":
            findings.append((line, "touches __builtins__"))
    for node, name in _module_level_bindings(tree):
        line = getattr(node, "lineno", 0)
        reimport = isinstance(node, ast.Import | ast.ImportFrom) and not name.startswith("_")
        if name in protected and not reimport:  # `import numpy as np` again is harmless
            findings.append((line, f"rebinds {name!r}, which the grader's setup cells define"))
        elif name in BUILTIN_NAMES and not name.startswith("_"):
            findings.append((line, f"rebinds the builtin {name!r}"))
    return sorted(set(findings))


def watched_modules(known_sources: set[str]) -> frozenset[str]:
    """Module names whose attributes a submission must not reassign: what the course's own
    cells import, and the libraries a grader relies on."""
    modules = bound_names(list(known_sources), imports_only=True)
    modules |= {"numpy", "np", "math", "torch", "scipy"}
    modules |= {"builtins", "warnings", "sys", "os", "unittest", "ml_dtypes", "course"}
    return frozenset(modules)


def scan_notebook(
    nb, known_sources: set[str], protected: set[str], modules: frozenset[str] | None = None
) -> list[str]:
    """One line per finding in the cells a student wrote or changed (not the course's own);
    `modules` is `watched_modules(known_sources)`, computed here when not given."""
    modules = watched_modules(known_sources) if modules is None else modules
    lines = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or cell.source in known_sources:
            continue
        label = cell_label(index, grader_meta(cell))
        for line, reason in scan_cell(cell.source, protected, modules):
            lines.append(f"{label}, line {line}: {reason}")
    return lines
