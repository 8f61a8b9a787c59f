"""The PDF is PDF/A-2u as well as PDF/UA-1: XMP that says what the Info dictionary
says and claims both parts, an sRGB output intent with its ICC profile, fonts embedded
with Unicode for every glyph drawn; and `briefgen check` finds where a PDF is not.

Read back with pikepdf (qpdf) and poppler's ``pdffonts``; the tampered files are made
from briefgen's own PDF with pikepdf, one rule broken each.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

import briefgen
from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
TEMPLATES = sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_dir())


@pytest.fixture(scope="module", params=TEMPLATES)
def sample_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"archive-{request.param}")
    result = briefgen.render(SAMPLE, out, formats=("pdf",), template=request.param)
    return result.outputs[0].path


def test_the_xmp_claims_pdf_a_2u_and_repeats_every_info_entry(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        assert pdf.pdf_version == "1.7"
        info = pdf.docinfo
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2U"
        assert meta["pdfuaid:part"] == "1"
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["pdf:Trapped"] == str(info.Trapped)[1:]  # /False
        assert meta["xmp:ModifyDate"] == meta["xmp:CreateDate"]
        assert str(info.ModDate) == str(info.CreationDate)


def test_an_srgb_output_intent_carries_its_icc_profile(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        profile = intent.DestOutputProfile
        data = profile.read_bytes()
    assert profile.N == 3
    assert data[36:40] == b"acsp"  # an ICC profile
    assert data[12:20] == b"mntrRGB "  # a display's, of RGB
    assert data[8] <= 4  # PDF/A-2 reads ICC profiles up to version 4
    # The header's creation date is fixed, so that the same brief gives the same bytes.
    assert data[24:36] == bytes.fromhex("07d0 0001 0001 0000 0000 0000")


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_every_font_is_embedded_and_mapped_to_unicode(sample_pdf: Path) -> None:
    lines = subprocess.run(
        ["pdffonts", str(sample_pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def _tampered(
    source: Path, target: Path, change: Callable[[pikepdf.Pdf], None], **save: object
) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target, **save)  # type: ignore[arg-type]
    return target


def _title(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.Title = "A title the XMP does not have"


def _intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.OutputIntents


def _claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfaid:part"] = "1"


def _script(pdf: pikepdf.Pdf) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = pdf.make_indirect(action)


def _date(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.ModDate = "D:19990101000000+00'00'"


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        (_title, "page -: metadata: Info /Title is not the XMP's dc:title ('No Reset"),
        (_intent, "page -: catalog: no PDF/A output intent (/OutputIntents, /GTS_PDFA1)"),
        (_claim, "page -: metadata: the XMP does not claim PDF/A-2 (pdfaid:part 2)"),
        (_script, "page -: catalog: JavaScript run when the file opens (/OpenAction)"),
        (_date, "page -: metadata: Info /ModDate is not the XMP's xmp:ModifyDate"),
    ],
    ids=["title", "output-intent", "claim", "javascript", "date"],
)
def test_check_finds_each_broken_archive_rule_on_one_line(
    change: Callable[[pikepdf.Pdf], None],
    finding: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = briefgen.render(SAMPLE, tmp_path, formats=("pdf",)).outputs[0].path
    broken = _tampered(source, tmp_path / "broken.pdf", change)
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{broken}: {finding}")


def test_check_finds_an_encrypted_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = briefgen.render(SAMPLE, tmp_path, formats=("pdf",)).outputs[0].path
    locked = _tampered(
        source,
        tmp_path / "locked.pdf",
        lambda _: None,
        encryption=pikepdf.Encryption(owner="x", user=""),
    )
    assert main(["check", str(locked)]) == 1
    out = capsys.readouterr().out
    assert f"{locked}: page -: trailer: encrypted (PDF/A forbids encryption)\n" in out


def test_a_structure_tree_that_points_back_at_itself_is_checked_not_looped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = briefgen.render(SAMPLE, tmp_path, formats=("pdf",)).outputs[0].path

    def cycle(pdf: pikepdf.Pdf) -> None:
        # A table with no header cells whose children hold the table itself.
        for elem in pdf.objects:
            if isinstance(elem, pikepdf.Dictionary) and elem.get("/S") == "/Table":
                elem.K = pikepdf.Array([elem])
                return

    looped = _tampered(source, tmp_path / "looped.pdf", cycle)
    assert main(["check", str(looped)]) == 1
    assert f"{looped}: page -: Table: no header cells (TH)" in capsys.readouterr().out
