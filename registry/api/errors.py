"""Errors to HTTP, in one place: registry errors keep their status; everything else becomes a
JSON body that names the field and the reason. Never a traceback."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import FromPath
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from registry.errors import FieldError, Invalid, RegistryError
from registry.messages import both

log = logging.getLogger("spbe.api")

_FIELD_IN_PATH = re.compile(r"at `\$\.?([^`]*)`")
_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]+)`")
_MISSING_PARAM = re.compile(r"Missing required \w+ parameter '([^']+)'")


def _json(body: dict[str, Any], status: int) -> Response[dict[str, Any]]:
    return Response(body, status_code=status, media_type=MediaType.JSON)


def registry_error_handler(
    _: Request[Any, Any, Any], exc: RegistryError
) -> Response[dict[str, Any]]:
    return _json(exc.to_dict(), exc.status)


def _field_error(message: str, key: FromPath[str] | None, source: str | None) -> FieldError:
    """Turn Litestar/msgspec decoding messages into a FieldError naming the field."""
    if "JSON" in message and ("malformed" in message.lower() or "invalid" in message.lower()):
        return FieldError("$", "malformed_json", {"detail": message})
    if m := _MISSING_FIELD.search(message) or _MISSING_PARAM.search(message):
        return FieldError(m.group(1), "required")
    if m := _UNKNOWN_FIELD.search(message):
        return FieldError(
            m.group(1), "unknown_field", {"name": m.group(1), "kind": "body", "allowed": "-"}
        )
    field = key or ""
    if m := _FIELD_IN_PATH.search(message):
        field = m.group(1) or "$"
    detail = _FIELD_IN_PATH.sub("", message).strip(" -")
    if source == "body" and not field:
        field = "$"
    return FieldError(field or "$", "bad_value", {"detail": detail})


def validation_handler(
    _: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    errors: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for entry in extra:
        if isinstance(entry, dict):
            errors.append(
                _field_error(str(entry.get("message", "")), entry.get("key"), entry.get("source"))
            )
    if not errors:
        errors.append(_field_error(str(exc.detail), None, None))
    return _json(Invalid(errors).to_dict(), 400)


def http_error_handler(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[dict[str, Any]]:
    status = exc.status_code
    if status >= 500:
        return internal_error_handler(request, exc)
    if status == 400:
        # Litestar raises a bare 400 when the body cannot be decoded at all.
        return _json(
            Invalid([FieldError("$", "malformed_json", {"detail": exc.detail})]).to_dict(), 400
        )
    message_id, message_en = both("bad_request", detail=exc.detail)
    if status == 404:
        message_id, message_en = "Alamat tidak ditemukan", "No such resource"
    elif status == 405:
        message_id, message_en = "Metode tidak diizinkan", "Method not allowed"
    return _json(
        {
            "status": status,
            "error": "http_error",
            "message": message_id,
            "message_en": message_en,
            "errors": [],
        },
        status,
    )


def internal_error_handler(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message_id, message_en = both("internal_error")
    return _json(
        {
            "status": 500,
            "error": "internal_error",
            "message": message_id,
            "message_en": message_en,
            "errors": [],
        },
        HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    RegistryError: registry_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
