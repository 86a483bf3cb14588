"""Small modules with one job: no module over 300 lines, no function over 60, anywhere in src/."""

import ast
from pathlib import Path

import tandem

SRC = Path(tandem.__file__).resolve().parent
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_walk_sees_the_code() -> None:
    names = {p.relative_to(SRC).as_posix() for p in _modules()}
    assert {"conversations/service.py", "domain/lifecycle.py", "store/migrations/versions/0001_initial.py"} <= names


def test_no_module_is_over_300_lines() -> None:
    lengths = {p.relative_to(SRC).as_posix(): len(p.read_text().splitlines()) for p in _modules()}
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(SRC).as_posix()}:{node.lineno} {node.name}"] = length
    assert long == {}
