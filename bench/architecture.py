"""Prints the architecture figures that issue 9 sets bars for (read from the code itself).

    python bench/architecture.py

Longest view, longest function and biggest class outside migrations, tests and bench; whether
any parser module imports models or django.db; whether people/models.py names anything of
papers; and the number of duplicated places the `duplicates` tool finds (when it is installed).
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"migrations", "tests", "bench", "node_modules", ".venv", "static", "test-output"}
PARSERS = ROOT / "papers" / "parsers"
VIEW_MODULES = {"views.py", "feeds.py", "sitemaps.py"}
# A reference to papers' data: its app label, module, or a lookup through its relations.
PAPERS_NAMES = re.compile(r"[\"']papers\.|\bpapers\.models|import papers|authorships__|_papers\b")


def python_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not SKIP & set(p.relative_to(ROOT).parts) and not p.name.startswith(".")
    )


def lines(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1


def longest(files: list[Path], kinds: tuple[type, ...]) -> tuple[int, str]:
    best = (0, "")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, kinds) and lines(node) > best[0]:
                best = (lines(node), f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return best


def impure_parsers() -> list[str]:
    found = []
    for path in sorted(PARSERS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                for name in names
                if name.startswith("django.db") or name.endswith(".models")
            ]
    return found


def people_models_naming_papers() -> list[str]:
    source = (ROOT / "people" / "models.py").read_text(encoding="utf-8")
    return [
        f"people/models.py:{number} {line.strip()}"
        for number, line in enumerate(source.splitlines(), start=1)
        if PAPERS_NAMES.search(line) and not line.strip().startswith("#")
    ]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Project modules a module imports at load time (relative imports resolved)."""
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name in known}


def import_cycles(files: list[Path]) -> list[list[str]]:
    """Loops of modules importing each other at load time (TYPE_CHECKING imports aside)."""
    known = {module_name(p): p for p in files}
    graph = {name: imported_modules(path, set(known)) - {name} for name, path in known.items()}
    cycles, state = [], {}

    def visit(name: str, stack: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                cycles.append([*stack[stack.index(other) :], other])
            elif other not in state:
                visit(other, [*stack, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def duplicated_places() -> str:
    if not shutil.which("duplicates"):
        return "n/a (the duplicates tool is not installed here)"
    out = subprocess.run(
        ["duplicates", "--most", "200"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout
    rows = [
        row
        for row in out.splitlines()
        if re.match(r"\s*D\d+ ", row) and not re.search(r"(^|\s|/)(migrations|tests|bench)/", row)
    ]
    return str(len(rows))


def main() -> int:
    files = python_files()
    views = [p for p in files if p.name in VIEW_MODULES]
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for label, (count, where) in [
        ("longest view", longest(views, functions)),
        ("longest function", longest(files, functions)),
        ("biggest class", longest(files, (ast.ClassDef,))),
    ]:
        print(f"{label + ':':18} {count:3d} lines  {where}")
    impure = impure_parsers()
    print(f"parser modules importing models or django.db: {len(impure)}")
    for row in impure:
        print(f"  {row}")
    naming = people_models_naming_papers()
    print(f"people/models.py lines naming papers: {len(naming)}")
    for row in naming:
        print(f"  {row}")
    cycles = import_cycles(files)
    print(f"import loops between modules: {len(cycles)}")
    for cycle in cycles:
        print("  " + " -> ".join(cycle))
    print(f"duplicated places outside migrations, tests and bench: {duplicated_places()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
