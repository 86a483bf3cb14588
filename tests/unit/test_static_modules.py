"""The browser scripts are type-checked ES modules: no page loads a classic script whose globals depend on order."""

import re
from pathlib import Path

import pytest

from tandem.web import STATIC_DIR, TEMPLATES_DIR

SCRIPTS = sorted(STATIC_DIR.glob("*.js"))
TEMPLATES = sorted(TEMPLATES_DIR.glob("*.html"))


def test_there_are_scripts_and_templates() -> None:
    assert SCRIPTS and TEMPLATES


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_is_type_checked(script: Path) -> None:
    assert script.read_text(encoding="utf-8").startswith("// @ts-check\n")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_loads_a_classic_script(template: Path) -> None:
    for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
        if "src=" in tag:
            assert 'type="module"' in tag, f"{template.name}: {tag}"


def test_every_import_names_a_static_module() -> None:
    for script in SCRIPTS:
        source = script.read_text(encoding="utf-8")
        for target in re.findall(r'^import\b[^;]*?from "([^"]+)";', source, re.M):
            assert target.startswith("./") and (STATIC_DIR / target).is_file(), f"{script.name}: {target}"
