"""Provenance in every output, and `briefgen verify`: a DOCX and a PDF say which brief,
essay and template folder made them, and verify says whether they still would."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

import briefgen
from briefgen.cli import main
from briefgen.provenance import folder_sha256

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An analyst's working folder: inputs/<slug>/ with the sample, rendered into out/."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(
        ROOT / "inputs" / "reset-with-russia", tmp_path / "inputs" / "reset-with-russia"
    )
    assert main(["render", "inputs/reset-with-russia/brief.yaml", "--out", "out"]) == 0
    return tmp_path


def docx_properties(path: Path) -> dict[str, str]:
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("docProps/custom.xml"))
    return {p.get("name"): "".join(p.itertext()) for p in root}


def test_both_outputs_carry_the_hashes_of_their_inputs(library: Path) -> None:
    brief = library / "inputs" / "reset-with-russia" / "brief.yaml"
    essay = brief.parent / "essay.txt"
    expected = {
        "brief_sha256": sha(brief),
        "essay_sha256": sha(essay),
        "template_sha256": folder_sha256(ROOT / "templates" / "brief"),
        "template": "brief",
        "slug": "reset-with-russia",
        "briefgen_version": briefgen.__version__,
        "rendered": "2023-11-14T22:13:20Z",
    }
    props = docx_properties(library / "out" / "reset-with-russia.docx")
    assert props == {f"briefgen.{k}": v for k, v in expected.items()}
    with pikepdf.open(library / "out" / "reset-with-russia.pdf") as pdf:
        meta = pdf.open_metadata()
        ns = "{https://briefgen.org/ns/provenance/1.0/}"
        assert meta[ns + "briefSha256"] == expected["brief_sha256"]
        assert meta[ns + "essaySha256"] == expected["essay_sha256"]
        assert meta[ns + "templateSha256"] == expected["template_sha256"]
        assert meta[ns + "briefgenVersion"] == briefgen.__version__
        assert meta[ns + "rendered"] == "2023-11-14T22:13:20Z"


def test_the_pdf_declares_its_provenance_schema_for_pdfa(library: Path) -> None:
    # PDF/A lets an XMP hold only properties its extension schemas declare.
    with pikepdf.open(library / "out" / "reset-with-russia.pdf") as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
    assert "<pdfaSchema:namespaceURI>https://briefgen.org/ns/provenance/1.0/" in xmp
    for name in ("briefSha256", "essaySha256", "templateSha256", "template", "slug"):
        assert f"<pdfaProperty:name>{name}</pdfaProperty:name>" in xmp
    assert main(["check", str(library / "out" / "reset-with-russia.pdf")]) == 0


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_verify_says_a_fresh_render_is_up_to_date(
    library: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = f"out/reset-with-russia.{fmt}"
    assert main(["verify", out]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{out}: brief inputs/reset-with-russia/brief.yaml: unchanged"
    assert lines[1] == f"{out}: essay inputs/reset-with-russia/essay.txt: unchanged"
    assert lines[2].startswith(f"{out}: template ")
    assert lines[2].endswith(": unchanged")
    assert lines[-1].startswith(f"{out}: up to date: rendered 2023-11-14T22:13:20Z")


@pytest.mark.parametrize("changed", ["essay", "brief"])
def test_verify_names_the_input_that_changed(
    library: Path, changed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = library / "inputs" / "reset-with-russia"
    target = folder / ("essay.txt" if changed == "essay" else "brief.yaml")
    target.write_text(target.read_text("utf-8") + "\n", "utf-8")
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.pdf"]) == 1
    out = capsys.readouterr().out
    assert f"{changed} {target.relative_to(library)}: changed since the render" in out
    assert f"out of date: {changed} changed since 2023-11-14T22:13:20Z" in out


def test_verify_catches_a_changed_template(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = library / "inputs" / "reset-with-russia"
    shutil.copytree(ROOT / "templates" / "brief", folder / "templates" / "house")
    brief = folder / "brief.yaml"
    text = brief.read_text("utf-8")
    brief.write_text(text.replace("  template: brief\n", "  template: house\n"), "utf-8")
    assert main(["render", str(brief), "--out", "out"]) == 0
    assert main(["verify", "out/reset-with-russia.house.pdf"]) == 0
    style = folder / "templates" / "house" / "style.yaml"
    style.write_text(style.read_text("utf-8") + "\n# a comment is a change too\n", "utf-8")
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.house.docx"]) == 1
    out = capsys.readouterr().out
    assert "template " in out
    assert "house: changed since the render" in out
    assert "out of date: template changed" in out


def test_verify_finds_a_render_made_with_another_template(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = "inputs/reset-with-russia/brief.yaml"
    assert main(["render", brief, "--out", "out", "--template", "memo"]) == 0
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.memo.pdf", "--brief", brief]) == 0
    assert "templates/memo: unchanged" in capsys.readouterr().out


def test_verify_reports_a_missing_essay_as_changed(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / "inputs" / "reset-with-russia" / "essay.txt").unlink()
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.docx"]) == 1
    assert "essay inputs/reset-with-russia/essay.txt: missing" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a document"), "is neither a PDF nor a DOCX"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%%EOF"), "cannot read it as a PDF"),
        (lambda p: p.write_bytes(b"PK\x03\x04 broken"), "cannot read it as a DOCX"),
    ],
)
def test_verify_refuses_what_it_cannot_read_in_one_line(
    library: Path, make, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = library / "other.pdf"
    make(path)
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(path))
    assert message in err
    assert "\n" not in err


def test_verify_refuses_a_document_another_tool_made(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.docx"
    import docx

    docx.Document().save(plain)
    assert main(["verify", str(plain)]) == 2
    assert "carries no briefgen provenance" in capsys.readouterr().err


def test_verify_without_inputs_asks_for_the_brief(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(library / "inputs")
    assert main(["verify", "out/reset-with-russia.pdf"]) == 2
    assert "pass --brief" in capsys.readouterr().err


def test_the_documents_declare_every_property_the_provenance_has() -> None:
    from briefgen.provenance import PROPERTIES
    from briefgen.tree import PROVENANCE_FIELDS

    assert tuple(PROVENANCE_FIELDS) == PROPERTIES


def test_verify_finds_a_template_given_by_path_as_render_took_it(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "templates" / "memo", library / "house-styles" / "house")
    brief = "inputs/reset-with-russia/brief.yaml"
    assert main(["render", brief, "--out", "out", "--template", "house-styles/house"]) == 0
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.house.pdf"]) == 2
    assert "the template 'house', which is not found from here" in capsys.readouterr().err
    assert main(["verify", "out/reset-with-russia.house.pdf", "-t", "house-styles/house"]) == 0


def test_an_input_edited_into_an_invalid_one_has_changed_and_is_no_error(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "templates" / "brief", library / "own-brief")
    assert main(["render", "inputs/reset-with-russia", "-o", "out", "-t", "own-brief/"]) == 0
    style = library / "own-brief" / "style.yaml"
    style.write_text(style.read_text("utf-8") + "bogus: 1\n", "utf-8")
    brief = library / "inputs" / "reset-with-russia" / "brief.yaml"
    brief.write_text(brief.read_text("utf-8").replace("status: reviewed", "status: done"))
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.own-brief.pdf", "-t", "own-brief/"]) == 1
    out = capsys.readouterr().out
    assert "out of date: brief, template changed" in out
    assert "essay inputs/reset-with-russia/essay.txt: unchanged" in out


def test_a_document_cannot_print_lines_of_its_own_through_verify(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = library / "out" / "reset-with-russia.docx"
    forged = tmp_path / "forged.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(forged, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/custom.xml":
                data = data.replace(
                    b"2023-11-14T22:13:20Z", b"2023&#10;out/x.docx: up to date&#x9b;31m"
                )
            new.writestr(item, data)
    assert main(["verify", str(forged)]) == 2
    err = capsys.readouterr()
    assert "its provenance property 'rendered' is malformed" in err.err
    assert "up to date" not in err.out


def test_a_redline_claims_no_provenance(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = "inputs/reset-with-russia/brief.yaml"
    assert main(["diff", brief, brief, "--out", "out"]) == 0
    capsys.readouterr()
    assert main(["verify", "out/reset-with-russia.redline.docx", "--brief", brief]) == 2
    assert "carries no briefgen provenance" in capsys.readouterr().err
