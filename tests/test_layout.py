"""The layout's promises: our top-level packages are this repo's; imports run one way (a stage imports
itself and store, never `parallax`); no import cycle inside a stage; every line of SQL is in store/;
no test module imports another."""

import ast
import importlib
import re
import subprocess
import sys

import pytest

from conftest import REPO

STAGES = ("spiders", "translate", "store", "digest")
PACKAGES = ("parallax", *STAGES)


@pytest.mark.parametrize("name", PACKAGES)
def test_top_level_packages_come_from_this_repo(name):
    mod = importlib.import_module(name)
    assert mod.__file__.startswith(str(REPO) + "/" + name + "/")


def test_no_clashing_pypi_distributions_installed():
    from importlib.metadata import PackageNotFoundError, distribution

    for dist in ("translate", "digest"):
        with pytest.raises(PackageNotFoundError):
            distribution(dist)


@pytest.mark.slow
def test_our_cache_folder_never_shadows_a_package(monkeypatch):
    """Regression: jieba's cache lived in $TMP/parallax, so `python -m parallax` run from $TMP
    imported that folder as a namespace package and the demo site went missing."""
    import tempfile

    from translate.segment import cache_dir

    monkeypatch.delenv("PARALLAX_CACHE_DIR", raising=False)
    cache_dir()
    proc = subprocess.run(
        [sys.executable, "-c", "import parallax, translate; print(parallax.__file__, translate.__file__)"],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=60,
    )
    assert proc.stdout.split() == [str(REPO / "parallax" / "__init__.py"), str(REPO / "translate" / "__init__.py")]


# -- imports --------------------------------------------------------------------------------
def modules(package: str) -> dict[str, ast.Module]:
    out = {}
    for path in sorted((REPO / package).rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return out


def imported(tree: ast.Module, module: str) -> set[str]:
    """Every module an import statement names, at any depth (function-level imports included)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: resolve against this module's package
                base = ".".join(module.split(".")[: -node.level] + [node.module])
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


def ours(names: set[str], within: dict[str, ast.Module]) -> set[str]:
    return {n for n in names if n in within}


@pytest.mark.slow
def test_importing_any_stage_module_loads_no_parallax_module():
    names = [m for stage in STAGES for m in modules(stage) if not m.endswith("datasette_plugin")]
    probe = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m == 'parallax' or m.startswith('parallax.'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == []


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_itself_and_store(stage):
    allowed = {stage, "store"}
    bad = []
    for name, tree in modules(stage).items():
        for dep in imported(tree, name):
            top = dep.split(".")[0]
            if top in PACKAGES and top not in allowed:
                bad.append(f"{name} imports {dep}")
    assert bad == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_inside_a_package(package):
    mods = modules(package)
    graph = {name: ours(imported(tree, name), mods) - {name} for name, tree in mods.items()}
    # A package's __init__ names its public functions lazily; importing a submodule imports the
    # package first, which is no dependency of the submodule's code.
    graph = {k: {d for d in v if d != package} for k, v in graph.items()}
    cycles, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(" -> ".join(path[path.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


# -- SQL ------------------------------------------------------------------------------------
SQL = re.compile(
    r"\b(SELECT\s+[\w*(].*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b"
    r"|CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER)\b|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)",
    re.S,  # our SQL keywords are upper case; prose ("Select one week from ...") is not SQL
)


@pytest.mark.parametrize("package", [p for p in PACKAGES if p != "store"])
def test_every_line_of_sql_is_in_store(package):
    found = []
    for name, tree in modules(package).items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{name}:{node.lineno}: {node.value[:60]!r}")
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript"):
                found.append(f"{name}:{node.lineno}: .{node.attr}(...)")
        if "sqlite3" in imported(tree, name):
            found.append(f"{name}: imports sqlite3")
    assert found == []


def test_no_test_module_imports_another():
    bad = []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for dep in imported(tree, path.stem):
            if dep.split(".")[0].startswith("test_"):
                bad.append(f"{path.name} imports {dep}")
    assert bad == []
