"""Reply templates: `str.format` syntax over plain field names, rendered without ever crashing."""

import logging
import string
from collections.abc import Mapping
from typing import Any

from tandem.domain.errors import InvalidInput

logger = logging.getLogger(__name__)

_PARSER = string.Formatter()


def template_fields(template: str) -> tuple[str, ...]:
    """The field names a template uses, in order. Raises `InvalidInput` on bad syntax or non-plain names."""
    try:
        parsed = list(_PARSER.parse(template))
    except ValueError as exc:
        raise InvalidInput(f"bad template syntax ({exc}); write a literal brace as {{{{ or }}}}") from None
    names: list[str] = []
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        # Attribute and index access would let a template reach into Python objects: plain names only.
        if not name.isidentifier():
            raise InvalidInput(f"template field {{{name}}} must be a plain name like {{order_id}}")
        if spec and "{" in spec:
            raise InvalidInput(f"template field {{{name}}} must not nest fields in its format spec")
        names.append(name)
    return tuple(names)


class _Missing:
    """Stands in for an absent field: renders as the visible placeholder `{name}`, whatever the spec."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return "{" + self.name + "}"


class _SafeFormatter(string.Formatter):
    def __init__(self) -> None:
        self.missing: list[str] = []

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        # The whole field name is a key: no attribute or index access, even if the loader was bypassed.
        return self.get_value(field_name, args, kwargs), field_name

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str) and key in kwargs:
            return kwargs[key]
        self.missing.append(str(key))
        return _Missing(str(key))

    def format_field(self, value: Any, format_spec: str) -> str:
        try:
            return str(super().format_field(value, format_spec))
        except (ValueError, TypeError):
            return str(value)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return value if isinstance(value, _Missing) else super().convert_field(value, conversion)


def render(template: str, values: Mapping[str, Any], context: str = "") -> str:
    """Fill a template; an absent field stays visible as `{name}` and is logged by name only, never value."""
    formatter = _SafeFormatter()
    try:
        text = formatter.vformat(template, (), dict(values))
    except (ValueError, IndexError):
        logger.warning("template %s has bad syntax; sent unformatted", context or "?")
        return template
    if formatter.missing:
        logger.warning("template %s: no value for %s", context or "?", ", ".join(sorted(set(formatter.missing))))
    return text
