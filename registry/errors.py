"""The one exception hierarchy of the registry.

The store, the meta-model validation and the importers raise these; the API maps them to HTTP
status codes in one place (`registry.api.errors`) and the CLI to exit codes (`registry.cli`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registry.messages import render


@dataclass
class FieldError:
    """One problem with one field (or cell) of the input."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    location: str | None = None  # e.g. "items.csv, baris 12" for imports

    @property
    def reason(self) -> str:
        return render(self.code, "id", **self.params)

    @property
    def reason_en(self) -> str:
        return render(self.code, "en", **self.params)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "code": self.code}
        if self.location:
            out["location"] = self.location
        out["reason"] = self.reason
        out["reason_en"] = self.reason_en
        return out

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.field}: {self.reason} / {self.reason_en}"


class RegistryError(Exception):
    """Base of every error the registry reports to a user."""

    status = 400
    error = "error"
    summary = ("Permintaan tidak dapat diproses", "The request cannot be processed")

    def __init__(
        self, errors: list[FieldError] | None = None, *, summary: tuple[str, str] | None = None
    ):
        self.errors = errors or []
        if summary:
            self.summary = summary
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0].reason
        return self.summary[0]

    @property
    def message_en(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0].reason_en
        return self.summary[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "error": self.error,
            "message": self.message,
            "message_en": self.message_en,
            "errors": [e.to_dict() for e in self.errors],
        }

    def __str__(self) -> str:
        if not self.errors:
            return f"{self.summary[0]} / {self.summary[1]}"
        return "\n".join(str(e) for e in self.errors)

    @classmethod
    def one(cls, field: str, message_code: str, /, **params: Any) -> RegistryError:
        return cls([FieldError(field, message_code, params)])


class Invalid(RegistryError):
    status = 400
    error = "invalid"
    summary = ("Data tidak valid", "Invalid data")


class NotFound(RegistryError):
    status = 404
    error = "not_found"
    summary = ("Tidak ditemukan", "Not found")


class Conflict(RegistryError):
    status = 409
    error = "conflict"
    summary = ("Konflik dengan data yang ada", "Conflict with existing data")


class PreconditionRequired(RegistryError):
    status = 428
    error = "precondition_required"
    summary = ("Versi diperlukan", "Version required")
