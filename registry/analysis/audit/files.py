"""Reading the YAML of rule packs and evaluation frameworks, with errors a user can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from registry.errors import FieldError, Invalid


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise Invalid([FieldError("$", "bad_data_file", {"detail": str(exc)}, path.name)]) from None
