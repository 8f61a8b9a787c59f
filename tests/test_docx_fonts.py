"""The DOCX carries the fonts it names: every face of the body and heading families,
subset to the characters its text uses, obfuscated as ECMA-376 asks, named by the font
table.  (That LibreOffice sets the DOCX in them is tests/test_render.py's, slow.)"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fontTools.ttLib import TTFont

import briefgen
from briefgen.writers.docx.fonts import _subset_cached as subset
from briefgen.writers.docx.fonts import blocks_of, obfuscate

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def test_every_face_is_embedded_subset_to_the_text_and_named_by_the_font_table(
    tmp_path: Path,
) -> None:
    brief = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
    docx = briefgen.render(brief, tmp_path, formats=("docx",)).outputs[0].path
    assert docx.stat().st_size < 600_000
    with zipfile.ZipFile(docx) as package:
        table = ElementTree.fromstring(package.read("word/fontTable.xml"))
        rels = ElementTree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        types = package.read("[Content_Types].xml").decode()
        text = "".join(
            t.text or ""
            for name in package.namelist()
            if re.fullmatch(r"word/(document|footnotes|header\d*|footer\d*)\.xml", name)
            for t in ElementTree.fromstring(package.read(name)).iter(f"{W}t")
        )
        faces = {}
        for font in table.iter(f"{W}font"):
            for face in ("Regular", "Bold", "Italic", "BoldItalic"):
                embed = font.find(f"{W}embed{face}")
                assert embed is not None, (font.get(f"{W}name"), face)
                target = targets[embed.get(f"{R}id")]
                assert (
                    f'PartName="/word/{target}" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"'
                    in types
                )
                data = obfuscate(package.read(f"word/{target}"), embed.get(f"{W}fontKey"))
                faces[font.get(f"{W}name"), face] = TTFont(io.BytesIO(data))
    assert {family for family, _ in faces} == {"Noto Serif", "Noto Sans"}
    for (family, face), font in faces.items():
        assert font["name"].getDebugName(1) == family
        cmap = font.getBestCmap()
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
        assert missing == set(), (family, face, missing)
        assert len(cmap) < 1000  # a subset, not the whole font


def test_obfuscation_is_its_own_inverse_and_touches_only_the_first_32_bytes() -> None:
    data = bytes(range(256)) * 4
    key = "{6C3C9E2B-1F2A-4B3C-9D8E-7F6A5B4C3D2E}"
    hidden = obfuscate(data, key)
    assert hidden[32:] == data[32:]
    assert hidden[:32] != data[:32]
    assert obfuscate(hidden, key) == data
    # The key's bytes are its hex digits from last to first: 2E 3D 4C ... 6C.
    assert hidden[0] == data[0] ^ 0x2E
    assert hidden[15] == data[15] ^ 0x6C


def test_a_subset_holds_whole_blocks_of_the_characters_used() -> None:
    assert blocks_of("plain") == {0}
    assert blocks_of("Détente — “quoted”") == {0, 1, 0x2000 >> 7}
    assert 0x0400 >> 7 in blocks_of("Перезагрузка")


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch job in a container whose home is read-only still gets its fonts.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    subset.cache_clear()
    brief = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
    docx = briefgen.render(brief, tmp_path / "out", formats=("docx",)).outputs[0].path
    with zipfile.ZipFile(docx) as package:
        assert sum(name.endswith(".odttf") for name in package.namelist()) == 8
