"""Values as text, for spreadsheet cells and ArchiMate properties, and back without loss.

Declared attributes are written the way a planner would type them (`ya`/`tidak`, `a; b`, ISO
dates) and read back through the meta-model's lenient conversion. A list whose entries contain
`;` is written as a JSON array. Custom attributes have no declared type: a string is written as
it is, anything else (number, yes/no, list, object) as JSON, and a string that would read as
JSON is written quoted, so every value reads back as the same value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from registry import metamodel as mm

CUSTOM_PREFIX = "custom."
LIST_SEPARATOR = "; "
_JSONISH = re.compile(r'^\s*(["\[{]|-?\d|true$|false$|null$)')


def attribute_to_text(attr: mm.Attribute | None, value: Any) -> str:
    """A declared attribute's value as cell text (custom values when `attr` is None)."""
    if attr is None:
        return custom_to_text(value)
    if value is None:
        return ""
    if attr.type == "bool":
        return "ya" if value else "tidak"
    if attr.type == "list":
        entries = [str(v) for v in value]
        if any(";" in e or "\n" in e for e in entries):
            return json.dumps(entries, ensure_ascii=False)
        return LIST_SEPARATOR.join(entries)
    if attr.type == "float":
        return repr(float(value))
    return str(value)


def attribute_from_text(attr: mm.Attribute | None, text: str) -> Any:
    """Cell text back to a value the store's lenient conversion accepts."""
    if attr is None:
        return custom_from_text(text)
    if attr.type == "list" and text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except ValueError:
            return text
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return text


def custom_to_text(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if _misread(value) else value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _misread(text: str) -> bool:
    """Would this string come back as something else (JSON, or without its spaces)?"""
    if text != text.strip():
        return True
    if not _JSONISH.match(text):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def custom_from_text(text: str) -> Any:
    if _JSONISH.match(text):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def codes_to_text(codes: list[str]) -> str:
    return LIST_SEPARATOR.join(codes)
