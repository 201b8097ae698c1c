"""`spbe diagram` as a user runs it: a real process on the seeded demo database."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Databases
from tests.test_cli import run
from tests.test_visualize import links, texts


@pytest.fixture
def demo_env(databases: Databases, demo_db: object) -> dict[str, str]:
    return {"SPBE_DATABASE_URL": databases.demo_url}


def test_diagram_in_every_format(spbe_bin: str, demo_env: dict[str, str], tmp_path: Path) -> None:
    for code, args, name, other in (
        ("sumedang", ["landscape"], "SIMPEG Sumedang", "png"),
        ("aceh-utara", ["layers"], "SIMRS RSUD Cut Meutia", "pdf"),
        ("aceh-utara", ["item", "--item", "simpeg", "--depth", "2"], "SIMPEG", "dot"),
    ):
        for ext in ("svg", other):
            out = tmp_path / f"{args[0]}-{code}.{ext}"
            result = run(
                spbe_bin, "diagram", *args, "--instansi", code, "-o", str(out), env=demo_env
            )
            assert result.returncode == 0, result.stderr
            assert str(out) in result.stdout
            if ext == "svg":
                assert name in " ".join(texts(ET.parse(out).getroot()))
            assert out.read_bytes()[:4] in (b"<?xm", b"\x89PNG", b"%PDF", b"digr")


def test_dot_to_stdout_english_and_absolute_links(
    spbe_bin: str, demo_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(spbe_bin, "diagram", "landscape", env=demo_env)  # no -o: DOT to stdout
    assert result.returncode == 0 and result.stdout.startswith("digraph landscape_national")
    out = tmp_path / "en.svg"
    result = run(
        spbe_bin,
        "diagram",
        "landscape",
        "--instansi",
        "aceh-utara",
        "--lang",
        "en",
        "--base-url",
        "http://spbe.example:8000/",
        "-o",
        str(out),
        env=demo_env,
    )
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    assert "Application Landscape — Kabupaten Aceh Utara" in texts(root)
    assert "http://spbe.example:8000/api/instansi/aceh-utara/items/simpeg" in links(root)


def test_diagram_errors_are_messages(
    spbe_bin: str, demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = str(tmp_path / "x.svg")
    cases = [
        (["treemap", "--instansi", "sumedang", "-o", out], 3, "view 'treemap'"),
        (["landscape", "--instansi", "sumedang", "-o", "x.jpg"], 2, "--output '.jpg'"),
        (["layers", "--instansi", "atlantis", "-o", out], 3, "'atlantis'"),
        (["item", "--instansi", "sumedang", "-o", out], 2, "item: wajib diisi"),
        (["item", "--instansi", "sumedang", "--item", "simpeg", "--depth", "9"], 2, "depth"),
        (["item", "--instansi", "sumedang", "--item", "nope", "-o", out], 3, "sumedang:nope"),
    ]
    for args, code, message in cases:
        result = run(spbe_bin, "diagram", *args, env=demo_env)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    assert not Path(out).exists()
    helped = run(spbe_bin, "diagram", "--help")
    assert helped.returncode == 0 and "duplicates, gaps" in " ".join(helped.stdout.split())


def test_without_dot_the_cli_says_so_and_writes_dot(
    spbe_bin: str, demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "landscape.png"
    env = {**demo_env, "PATH": os.devnull}
    result = run(
        spbe_bin, "diagram", "landscape", "--instansi", "sumedang", "-o", str(out), env=env
    )
    assert result.returncode == 1
    assert "Graphviz `dot`" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert (tmp_path / "landscape.dot").read_text().startswith("digraph landscape_sumedang")


def test_analysis_views_through_the_command(
    spbe_bin: str, demo_env: dict[str, str], tmp_path: Path
) -> None:
    for args in (
        ["duplicates", "--instansi", "aceh-utara"],
        ["gaps", "--instansi", "aceh-utara"],
        ["impact", "--instansi", "sumedang", "--item", "dc-sumedang", "--depth", "2"],
    ):
        out = tmp_path / f"{args[0]}.svg"
        result = run(spbe_bin, "diagram", *args, "-o", str(out), env=demo_env)
        assert result.returncode == 0, result.stderr
        assert ET.parse(out).getroot().tag.endswith("svg")
