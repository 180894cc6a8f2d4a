"""The code's layout: which subject may import which (ARCHITECTURE.md).

Read from the source with `ast`, imports inside functions included, so a lazy
import cannot hide a circle.
"""

import ast
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("heaven", "people", "reviews")
# The root URLconf and the home page put the apps together; every other module of
# `heaven` is project-wide and imports neither app at module level.
COMPOSITION_ROOT = {"heaven.urls", "heaven.views"}
MAX_MODULE_LINES = 500
MAX_ADMIN_CLASS_LINES = 250


def source_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


MODULES = source_modules()


def reexports(package: str) -> dict[str, str]:
    """Names a package's `__init__` takes from its own modules."""
    path = MODULES.get(package)
    if path is None or path.name != "__init__.py":
        return {}
    names = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module in MODULES:
            names.update({alias.name: node.module for alias in node.names})
    return names


def target(module: str, name: str | None) -> str | None:
    """The module of ours an import reaches: the submodule a name is, or the one
    a package re-exports it from."""
    if name is not None:
        if f"{module}.{name}" in MODULES:
            return f"{module}.{name}"
        if name in reexports(module):
            return reexports(module)[name]
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def imports_of(name: str) -> list[tuple[str, bool]]:
    """(module imported, at module level?) for each import in `name`."""
    tree = ast.parse(MODULES[name].read_text())
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            reached = [target(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            reached = [target(alias.name, None) for alias in node.names]
        else:
            continue
        found += [(to, id(node) in top_level) for to in reached if to and to != name]
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def subject(module: str) -> str:
    """people is one subject; heaven's modules and reviews' modules and
    subpackages are one each, and a model or admin module belongs to the subject
    it is named for (`reviews.models.watch` to `reviews.watch`)."""
    parts = module.split(".")
    if parts[0] == "people":
        return "people"
    if parts[1:3] == ["management", "commands"] and len(parts) > 3:
        return f"command {parts[3]}"
    if parts[0] == "reviews" and parts[1:2] in (["models"], ["admin"]):
        return "reviews." + (parts[2] if len(parts) > 2 else parts[1])
    return ".".join(parts[:2])


def cycles() -> list[list[str]]:
    """Strongly connected sets of modules (Tarjan), each of more than one."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for to, _ in GRAPH[node]:
            if to not in index:
                visit(to)
                low[node] = min(low[node], low[to])
            elif to in on_stack:
                low[node] = min(low[node], index[to])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_is_read_from_the_source():
    # The walk must see the edges it is asked to judge, lazy ones included.
    assert ("reviews.models.films", True) in GRAPH["reviews.models.reviews"]
    assert ("reviews.receivers", False) in GRAPH["reviews.apps"]
    assert target("reviews.models", "Review") == "reviews.models.reviews"
    assert target("reviews.library", "renditions") == "reviews.library.renditions"


def test_no_import_circle_runs_between_subjects():
    crossing = [group for group in cycles() if len({subject(m) for m in group}) > 1]
    assert crossing == []


def test_people_never_imports_reviews_in_source():
    reaching = sorted(
        f"{name} -> {to}"
        for name in MODULES
        if name.startswith("people")
        for to, _ in GRAPH[name]
        if to.startswith("reviews")
    )
    assert reaching == []


def test_project_wide_modules_import_neither_app_at_module_level():
    reaching = sorted(
        f"{name} -> {to}"
        for name in MODULES
        if name.startswith("heaven") and name not in COMPOSITION_ROOT
        for to, top_level in GRAPH[name]
        if top_level and to.split(".")[0] in ("people", "reviews")
    )
    assert reaching == []


IMPORT_EVERY_PEOPLE_MODULE = """
import importlib, os, pkgutil, sys, types
import heaven.settings as base

# The project's settings without the reviews app: people must work alone.
alone = types.ModuleType("people_alone_settings")
alone.__dict__.update({k: v for k, v in vars(base).items() if k.isupper()})
alone.INSTALLED_APPS = [app for app in base.INSTALLED_APPS if "reviews" not in app]
sys.modules["people_alone_settings"] = alone
os.environ["DJANGO_SETTINGS_MODULE"] = "people_alone_settings"
import django
django.setup()
import people
names = [info.name for info in pkgutil.walk_packages(people.__path__, "people.")]
for name in names:
    importlib.import_module(name)
print(len(names))
print(" ".join(m for m in sys.modules if m == "reviews" or m.startswith("reviews.")))
"""


def test_importing_every_people_module_loads_no_reviews_module():
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_PEOPLE_MODULE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    imported, reviews_modules = run.stdout.splitlines()
    assert int(imported) > 10  # models, admin, views, merge, migrations, commands …
    assert reviews_modules == ""


def test_no_module_of_the_apps_is_over_500_lines():
    long = {
        name: lines
        for name, path in MODULES.items()
        if name.split(".")[0] in ("people", "reviews")
        and (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_admin_class_is_over_250_lines():
    long = {}
    for name, path in MODULES.items():
        if "admin" not in name.split("."):
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_ADMIN_CLASS_LINES:
                    long[f"{name}.{node.name}"] = lines
    assert long == {}
