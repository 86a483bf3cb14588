"""connectors.yaml: the operations a pack's flows call on the company's system (docs/packs.md)."""

from typing import Any

from tandem.domain.packs import Operation, OperationKind
from tandem.packs.parsing import Reader


def parse_connectors(raw: Any, reader: Reader) -> dict[str, Operation]:
    """connectors.yaml -> the operations a pack's flows may call, by name."""
    data = reader.mapping(raw, "(top level)", ("operations",))
    operations: dict[str, Operation] = {}
    for name, spec in reader.mapping(data.get("operations") or {}, "operations").items():
        key = f"operations.{name}"
        reader.name(name, key)
        body = reader.mapping(spec, key, ("kind", "params", "fields", "personal", "values"))
        kind = reader.text(reader.required(body, "kind", key), f"{key}.kind")
        if kind not in set(OperationKind):
            reader.fail(f"{key}.kind", f"{kind!r} is not one of {', '.join(OperationKind)}")
        params = reader.texts(body.get("params"), f"{key}.params", allow_empty=True)
        fields = reader.texts(reader.required(body, "fields", key), f"{key}.fields")
        for part, names in (("params", params), ("fields", fields)):
            for i, field in enumerate(names):
                if not field.isidentifier():
                    reader.fail(f"{key}.{part}[{i}]", f"{field!r}: write it like order_id (letters, digits and _)")
            if len(set(names)) != len(names):
                reader.fail(f"{key}.{part}", "a name is listed twice")
        personal = reader.texts(body.get("personal"), f"{key}.personal", allow_empty=True)
        for i, field in enumerate(personal):
            if field not in fields:
                reader.fail(f"{key}.personal[{i}]", f"{field!r} is not one of its fields")
        values: dict[str, tuple[str, ...]] = {}
        for field, allowed in reader.mapping(body.get("values") or {}, f"{key}.values").items():
            if field not in fields:
                reader.fail(f"{key}.values.{field}", f"{field!r} is not one of its fields")
            values[field] = reader.texts(allowed, f"{key}.values.{field}")
        operations[name] = Operation(name, OperationKind(kind), params, fields, personal, values)
    return operations
