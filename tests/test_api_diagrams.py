"""Diagrams through the real HTTP app on the seeded demo (both engines): every format, links
that work, clear errors, the government page, escaping, and golden DOT files.

Golden files: tests/golden/*.dot pin the landscape and layers views of the demo (and the
national view). After an intended change, regenerate them and review the diff:

    SPBE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_api_diagrams.py -k golden
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import AsyncTestClient

from tests.helpers import government, item, relate
from tests.test_visualize import NASTY, SVG, XLINK, links, texts

GOLDEN = Path(__file__).parent / "golden"
Client = AsyncTestClient[Any]
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}
EXPECTED = {"sumedang": "SIMPEG Sumedang", "aceh-utara": "SIMRS RSUD Cut Meutia"}


def field_of(response: Any) -> tuple[int, str]:
    body = response.json()
    assert body["message"] and body["message_en"]
    return response.status_code, body["errors"][0]["field"]


IMPACT_ITEM = {"sumedang": "dc-sumedang", "aceh-utara": "srv-diskominfo-01"}


@pytest.mark.parametrize("code", ["sumedang", "aceh-utara"])
async def test_views_in_every_format(demo_client: Client, code: str) -> None:
    queries = {
        "landscape": f"instansi={code}",
        "layers": f"instansi={code}&unit=dinkes",
        "item": f"instansi={code}&item=simpeg&depth=2",
        "impact": f"instansi={code}&item={IMPACT_ITEM[code]}",
        "duplicates": f"instansi={code}",
        "gaps": f"instansi={code}",
    }
    for view, query in queries.items():
        for fmt, magic in MAGIC.items():
            response = await demo_client.get(f"/api/diagrams/{view}?{query}&format={fmt}")
            assert response.status_code == 200, response.text
            assert response.content.startswith(magic), (view, fmt)
            assert fmt in response.headers["content-disposition"]
            if fmt == "svg":
                assert response.headers["content-type"].startswith("image/svg+xml")
                root = ET.fromstring(response.content)
                if view == "landscape":
                    assert EXPECTED[code] in " ".join(texts(root))
    whole = await demo_client.get(f"/api/diagrams/layers?instansi={code}")
    assert "Keterangan" in " ".join(texts(ET.fromstring(whole.content)))


async def test_links_lead_somewhere(demo_client: Client) -> None:
    """Items link to their API resource; collapsed groups to a drill-down that renders."""
    national = await demo_client.get("/api/diagrams/landscape")  # 127 apps: per government
    hrefs = links(ET.fromstring(national.content))
    assert "/api/diagrams/landscape?instansi=aceh-utara&format=svg" in hrefs
    layered = await demo_client.get("/api/diagrams/layers?instansi=sumedang")
    drill = next(h for h in links(ET.fromstring(layered.content)) if "unit=dinkes" in h)
    landscape = await demo_client.get(drill)
    assert landscape.status_code == 200 and b"SIMPUS" in landscape.content
    followed = 0
    for href in links(ET.fromstring(landscape.content)):
        if re.fullmatch(r"/api/instansi/[^/]+/items/[^/]+", href) and followed < 3:
            got = await demo_client.get(href)
            assert (
                got.status_code == 200 and got.json()["key"] == urlsplit(href).path.split("/")[-1]
            )
            followed += 1
    assert followed == 3


async def test_clear_errors(demo_client: Client) -> None:
    get = demo_client.get
    assert field_of(await get("/api/diagrams/treemap?instansi=sumedang")) == (404, "view")
    assert field_of(await get("/api/diagrams/landscape?instansi=sumedang&format=gif")) == (
        400,
        "format",
    )
    assert field_of(await get("/api/diagrams/layers?instansi=atlantis")) == (404, "instansi")
    assert field_of(await get("/api/diagrams/layers")) == (400, "instansi")
    assert field_of(await get("/api/diagrams/item?instansi=sumedang&item=nope")) == (404, "item")
    assert field_of(await get("/api/diagrams/item?instansi=sumedang")) == (400, "item")
    assert field_of(await get("/api/diagrams/item?instansi=sumedang&item=simpeg&depth=0")) == (
        400,
        "depth",
    )
    assert field_of(await get("/api/diagrams/item?instansi=sumedang&item=simpeg&depth=x")) == (
        400,
        "depth",
    )
    assert field_of(await get("/api/diagrams/landscape?instansi=sumedang&depth=2")) == (
        400,
        "depth",
    )
    assert field_of(await get("/api/diagrams/layers?instansi=sumedang&unit=nope")) == (
        404,
        "unit",
    )
    assert field_of(await get("/api/diagrams/layers?instansi=sumedang&lang=fr")) == (400, "lang")
    assert field_of(await get("/api/diagrams/landscape?instansi=sumedang&province=Aceh")) == (
        400,
        "province",
    )
    province = await get("/api/diagrams/landscape?province=Jawa%20Barat")
    assert province.status_code == 200 and b"SIMPEG Sumedang" in province.content
    index = (await get("/api/diagrams")).json()
    assert list(index["views"]) == ["landscape", "layers", "item", "impact", "duplicates", "gaps"]


async def test_without_dot_the_api_says_so_and_gives_dot(
    demo_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", os.devnull)
    response = await demo_client.get("/api/diagrams/landscape?instansi=aceh-utara&unit=bpbd")
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "dot_missing" and body["errors"][0]["field"] == "format"
    assert "graphviz" in body["message"] and body["dot"].startswith("digraph")
    dot = await demo_client.get("/api/diagrams/landscape?instansi=aceh-utara&format=dot")
    assert dot.status_code == 200 and dot.content.startswith(b"digraph")
    page = await demo_client.get("/instansi/aceh-utara")
    assert page.status_code == 200 and "Graphviz" in page.text and "format=dot" in page.text


def inline_svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", html, re.DOTALL)]


async def test_government_page_shows_diagrams_inline(demo_client: Client) -> None:
    root = await demo_client.get("/")
    assert 'href="/instansi/sumedang"' in root.text
    page = await demo_client.get("/instansi/sumedang")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    svgs = inline_svgs(page.text)
    assert len(svgs) == 2  # landscape and layers
    assert "SIMPEG Sumedang" in " ".join(texts(svgs[0]))
    ids = re.findall(r' id="([^"]+)"', page.text)
    assert len(ids) == len(set(ids))  # two diagrams, no shared ids
    for view in ("item", "impact", "duplicates", "gaps"):
        assert f"/api/diagrams/{view}" in page.text
    english = await demo_client.get("/instansi/aceh-utara?lang=en")
    assert "Application Landscape" in " ".join(texts(inline_svgs(english.text)[0]))
    missing = await demo_client.get("/instansi/atlantis")
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "instansi"


async def test_user_text_is_escaped_through_the_api(client: Client) -> None:
    await government("kab-x", name=NASTY)
    await item("kab-x", "unit", "opd", NASTY)
    await item("kab-x", "application", "app", NASTY, owner="opd", description=NASTY)
    await item("kab-x", "application", "lain", "Lain {x}", owner="opd")
    await relate("kab-x", "app", "integrates_with", "lain", mechanism="direct_api")
    for path in (
        "/api/diagrams/landscape?instansi=kab-x",
        "/api/diagrams/item?instansi=kab-x&item=app",
    ):
        response = await client.get(path)
        assert response.status_code == 200, response.text
        root = ET.fromstring(response.content)
        assert "<script" not in response.text and not list(root.iter(f"{SVG}script"))
        assert "<script>alert(1)</script>" in "".join(texts(root))
        assert "/api/instansi/kab-x/items/app" in links(root)
        assert any(
            "<script>alert(1)</script>" in (a.get(f"{XLINK}title") or "")
            for a in root.iter(f"{SVG}a")
        )
    page = await client.get("/instansi/kab-x")
    assert page.status_code == 200 and "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    inline_svgs(page.text)


GOLDEN_VIEWS = [
    ("landscape-sumedang", "/api/diagrams/landscape?instansi=sumedang&format=dot"),
    ("landscape-aceh-utara", "/api/diagrams/landscape?instansi=aceh-utara&format=dot"),
    ("layers-sumedang", "/api/diagrams/layers?instansi=sumedang&format=dot"),
    ("layers-aceh-utara", "/api/diagrams/layers?instansi=aceh-utara&format=dot"),
    ("landscape-national", "/api/diagrams/landscape?format=dot"),
]


@pytest.mark.parametrize(("name", "path"), GOLDEN_VIEWS)
async def test_golden_dot(demo_client: Client, name: str, path: str) -> None:
    """Byte-identical DOT for the demo, on either engine, run after run."""
    response = await demo_client.get(path)
    assert response.status_code == 200
    golden = GOLDEN / f"{name}.dot"
    if os.environ.get("SPBE_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(response.content)
    assert response.content == golden.read_bytes(), (
        f"{golden.name} changed; if intended: SPBE_UPDATE_GOLDEN=1 pytest -k golden"
    )


async def test_analysis_views_from_the_real_analyses(demo_client: Client) -> None:
    """impact, duplicates and gaps draw what the analyses find in the demo."""
    dup = await demo_client.get("/api/diagrams/duplicates?instansi=aceh-utara&format=svg")
    assert dup.status_code == 200, dup.text
    words = " ".join(texts(ET.fromstring(dup.content)))
    assert "SMS Gateway" in words and "SRIKANDI" in words
    focused = await demo_client.get(
        "/api/diagrams/duplicates?instansi=aceh-utara&item=tnde&format=svg"
    )
    assert focused.status_code == 200 and "SRIKANDI" in " ".join(
        texts(ET.fromstring(focused.content))
    )
    gaps = await demo_client.get("/api/diagrams/gaps?instansi=aceh-utara&format=dot")
    assert gaps.status_code == 200 and b"dashed" in gaps.content  # missing integrations
    by_unit = await demo_client.get("/api/diagrams/gaps?instansi=aceh-utara&unit=rsud-cut-meutia")
    assert by_unit.status_code == 200
    impact = await demo_client.get(
        "/api/diagrams/impact?instansi=nasional&item=pdns2-surabaya&format=svg"
    )
    assert impact.status_code == 200, impact.text
    assert ET.fromstring(impact.content).tag == f"{SVG}svg"
    clean = await demo_client.get("/api/diagrams/duplicates?instansi=sumedang&format=dot")
    assert clean.status_code == 200 and b"SIMPEG" not in clean.content
    missing = await demo_client.get("/api/diagrams/impact?instansi=sumedang&item=nothing")
    assert field_of(missing) == (404, "item")
