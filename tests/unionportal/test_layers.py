"""The apps depend on each other one way, as ARCHITECTURE.md's table says: whatever a module
imports, directly or through the modules it imports (at the top or inside a function), stays
within what its app may use. The demo modules are left out: they seed the whole portal in order
(stations' demo sites hold honours), and no page or write path imports them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHARED = {"organizations", "unionportal", "reports"}
MAY_USE = {
    "organizations": {"unionportal"},
    "honors": SHARED,
    "assistance": SHARED,
    "competitions": SHARED | {"honors"},
    "stations": SHARED,
    "rights": SHARED,
    "welfare": SHARED,
    "appeals": SHARED | {"assistance"},
    "reports": {"organizations", "unionportal"},
}
#: the project package's own modules (root urls, the roles of every app, the app that syncs
#: them); the rest of ``unionportal`` is shared machinery, which uses only ``organizations``
PROJECT_MODULES = {
    "unionportal.urls",
    "unionportal.roles",
    "unionportal.apps",
    "unionportal.management.commands.sync_roles",
}
APPS = [*MAY_USE, "news", "unionportal"]


def module_files() -> dict[str, Path]:
    files = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


FILES = module_files()


def imported_modules(module: str) -> set[str]:
    """The portal's modules that ``module`` imports (``from x import y`` may name a module y)."""
    names = set()
    for node in ast.walk(ast.parse(FILES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    found = set()
    for name in names:
        while name and name not in FILES:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def reached(start: str) -> dict[str, str]:
    """Every portal module ``start`` reaches through imports, each with the module importing it."""
    importer: dict[str, str] = {}
    waiting = [start]
    while waiting:
        module = waiting.pop()
        for name in imported_modules(module):
            if name not in importer and name != start:
                importer[name] = module
                waiting.append(name)
    return importer


def chain(importer: dict[str, str], start: str, end: str) -> str:
    links = [end]
    while links[-1] != start:
        links.append(importer[links[-1]])
    return " ← ".join(links)


def checked_modules():
    for module in sorted(FILES):
        app = module.split(".")[0]
        if module.split(".")[-1] == "demo" or module in PROJECT_MODULES:
            continue
        if app in MAY_USE or app == "unionportal":
            yield module


@pytest.mark.parametrize("module", list(checked_modules()))
def test_a_module_reaches_only_the_apps_its_own_may_use(module):
    app = module.split(".")[0]
    allowed = {app} | MAY_USE.get(app, {"organizations"})
    importer = reached(module)
    beyond = [name for name in importer if name.split(".")[0] not in allowed]
    assert not beyond, (
        f"{module} reaches beyond its app's layer: {chain(importer, module, beyond[0])}"
    )
