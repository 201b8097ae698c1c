"""Small things every controller needs: the actor, the version of an update, list parameters."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.params import HeaderParameter, QueryParameter

from registry.errors import Invalid

ActorHeader = Annotated[
    str | None,
    HeaderParameter(
        name="X-Actor",
        description="Siapa yang mengubah data (dicatat di riwayat) / who makes the change",
        required=False,
    ),
]
IfMatchHeader = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description="Versi saat ini (ETag dari GET) / the current version (ETag from GET)",
        required=False,
    ),
]
Page = Annotated[int, QueryParameter(description="Halaman / page (1..1000000)", ge=1, le=1_000_000)]
PageSize = Annotated[
    int, QueryParameter(description="Baris per halaman / rows per page (1..1000)", ge=1, le=1000)
]
Deleted = Annotated[
    str,
    QueryParameter(
        description="exclude (bawaan/default), include, only: item yang dihapus / deleted items"
    ),
]


def actor_of(header: str | None) -> str:
    return (header or "api").strip()[:128] or "api"


def etag(version: int) -> str:
    return f'W/"{version}"'


def version_of(if_match: str | None, body_version: int | None) -> int | None:
    """The version an update is based on: the body's `version`, or the If-Match header."""
    if body_version is not None:
        return body_version
    if if_match:
        text = if_match.strip().removeprefix("W/").strip('"')
        try:
            return int(text)
        except ValueError:
            raise Invalid.one(
                "If-Match",
                "bad_type",
                expected="versi (bilangan bulat)",
                expected_en="version (integer)",
            ) from None
    return None


def struct_to_patch(data: msgspec.Struct) -> dict[str, Any]:
    """Fields the client actually sent (UNSET ones are left out) as a plain dict."""
    return {
        name: getattr(data, name)
        for name in data.__struct_fields__
        if getattr(data, name) is not msgspec.UNSET
    }


def split_csv(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]
