"""Notes at the foot of the page in the PDF, as Word sets them in the DOCX; or, when a
template asks, endnotes in both formats.

The PDF is read back with pypdf: where each note's destination is bound (the page its
text is drawn on), which page each reference's link stands on, and the height of every
line of text on a page.  The citing paragraph is moved through every height of two
pages, so the rule "the line that carries the reference moves to the next page with its
note if they do not fit" is put to work, not assumed.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sample_doc import default_style, sample_document

import briefgen
from briefgen.cli import main
from briefgen.style import NotesStyle, Style
from briefgen.tree import Document, Note, NoteRef, Para, Text
from briefgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
NOTE_TEXT = (
    "Note {n} says where the claim comes from, in words that run on to a second line or more"
)


def citing(paragraphs: int, notes: int = 3) -> Document:
    """Filler paragraphs, then one paragraph citing ``notes`` long notes in its last
    line, then more filler: the citing lines at every height as ``paragraphs`` grows."""
    filler = [
        Para((Text(f"Filler {i}. Words that fill the page before the reference. " * 3),))
        for i in range(paragraphs)
    ]
    refs: list[Any] = [Text("The citing paragraph makes its claim " * 16)]
    for n in range(1, notes + 1):
        refs += [Text(f" claim {n}"), NoteRef(n)]
    after = [
        Para((Text(f"After {i}. More words after the citing paragraph. " * 3),)) for i in range(8)
    ]
    body = (*filler, Para(tuple(refs)), *after)
    note_list = tuple(
        Note(n, (Para((Text(NOTE_TEXT.format(n=n) + " " + "and on " * 12),)),))
        for n in range(1, notes + 1)
    )
    return Document(meta=sample_document().meta, blocks=body, notes=note_list)


def note_pages(data: bytes) -> tuple[dict[int, int], dict[int, int]]:
    """Note number → the page its text is drawn on; and → the page of its first reference."""
    pdf = PdfReader(io.BytesIO(data))
    ids = {page.indirect_reference.idnum: n for n, page in enumerate(pdf.pages)}  # type: ignore[union-attr]
    drawn = {
        int(name.split("-")[1]): pdf.get_destination_page_number(dest)
        for name, dest in pdf.named_destinations.items()
        if re.fullmatch(r"note-\d+", name)
    }
    cited: dict[int, int] = {}
    for number, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            # A reference's link says which note it leads to ("Notes, 3").
            called = re.fullmatch(r"Notes, (\d+)", str(annot.get("/Contents", "")))
            if "/Dest" in annot and called:
                cited.setdefault(int(called[1]), number)
    assert set(ids.values()) >= set(drawn.values())
    return drawn, cited


def lines(data: bytes) -> list[dict[float, str]]:
    """Each page's text lines, by the height of their baseline."""
    found: list[dict[float, str]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        by_y: dict[float, str] = defaultdict(str)

        def visit(text: str, cm: Any, tm: Any, *_: Any, by_y: dict[float, str] = by_y) -> None:
            if text.strip():  # the baseline on the page: the text matrix, then the CTM
                y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
                by_y[round(y, 1)] += text

        page.extract_text(visitor_text=visit)
        found.append(dict(by_y))
    return found


def test_each_note_stands_on_the_page_of_its_reference_at_every_height() -> None:
    style = default_style()
    moved = 0
    for paragraphs in range(34):
        data = render_pdf(citing(paragraphs), style)
        drawn, cited = note_pages(data)
        assert drawn == {1: cited[1], 2: cited[2], 3: cited[3]}, paragraphs
        # The citing paragraph began on page 1, and its line with the references went
        # on to page 2, with the notes.
        first = " ".join(lines(data)[0].values())
        moved += cited[1] == 1 and "The citing paragraph" in first
    assert moved > 0  # the rule was put to work


def test_notes_stand_under_the_text_and_above_the_footer_on_every_page() -> None:
    style = default_style()
    bottom = style.page.margins_mm.bottom * mm  # the frame's foot; the footer is below
    for paragraphs in range(0, 34, 3):
        data = render_pdf(citing(paragraphs), style)
        for page in lines(data):
            notes = [y for y, text in page.items() if "says where" in text or "and on" in text]
            body = [
                y
                for y, text in page.items()
                if re.match(r"(Filler|The citing|After|claim)", text.strip()) and y not in notes
            ]
            if not notes:
                continue
            assert min(body) > max(notes), (paragraphs, page)  # the text never runs into them
            assert min(notes) >= bottom - 0.5, (paragraphs, page)  # nor they into the footer


def test_a_note_s_element_follows_the_paragraph_that_cites_it() -> None:
    data = render_pdf(citing(2), default_style())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kids = [str(kid.S) for kid in pdf.Root.StructTreeRoot.K.K]
    # filler, filler, the citing paragraph, its three notes, then what follows
    assert kids[:7] == ["/P", "/P", "/P", "/Note", "/Note", "/Note", "/P"]


def _endnote_template(tmp_path: Path) -> Path:
    folder = tmp_path / "endnotes"
    shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    style.write_text(style.read_text("utf-8") + "\nnotes:\n  placement: endnotes\n", "utf-8")
    return folder


def test_a_template_that_asks_for_endnotes_gets_them_in_both_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = briefgen.render(SAMPLE, tmp_path / "out", template=_endnote_template(tmp_path))
    paths = {output.path.suffix: output.path for output in result.outputs}
    with zipfile.ZipFile(paths[".docx"]) as package:
        names = set(package.namelist())
        document = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
        endnotes = package.read("word/endnotes.xml").decode()
    assert "word/footnotes.xml" not in names
    assert document.count("<w:endnoteReference") == 9
    assert "<w:footnoteReference" not in document
    assert re.search(r'<w:endnotePr><w:numFmt w:val="decimal"/>', settings)
    assert "Ruth Deyermond, ¶17." in endnotes
    # The DOCX's body ends in the heading the PDF sets over its endnotes.
    last = re.findall(r"<w:p>.*?</w:p>", document)[-1]
    assert 'w:val="Heading2"' in last
    assert ">Notes<" in last
    pdf = PdfReader(str(paths[".pdf"]))
    last_page = pdf.pages[-1].extract_text()
    assert "Notes" in last_page
    assert "Ruth Deyermond, ¶17." in last_page
    assert main(["check", str(paths[".docx"]), str(paths[".pdf"])]) == 0
    capsys.readouterr()


def test_a_placement_that_is_neither_is_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _endnote_template(tmp_path)
    style = folder / "style.yaml"
    style.write_text(
        style.read_text("utf-8").replace("placement: endnotes", "placement: margin"), "utf-8"
    )
    code = main(["render", str(SAMPLE), "--template", str(folder), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{style}:")
    assert "notes.placement" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_endnotes_style_survives_the_document_id(tmp_path: Path) -> None:
    # Two renders of one brief, footnotes and endnotes, are different documents.
    style: Style = default_style()
    endnotes = style.model_copy(update={"notes": NotesStyle(placement="endnotes")})
    a = PdfReader(io.BytesIO(render_pdf(sample_document(), style))).trailer["/ID"][0]
    b = PdfReader(io.BytesIO(render_pdf(sample_document(), endnotes))).trailer["/ID"][0]
    assert a != b


def test_a_note_longer_than_half_a_page_goes_on_under_the_next_page_s_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Word continues a long footnote on the next page; so does the PDF, and the notes
    # cited after it follow it there, in order.
    blocks = tuple(
        Para((Text(f"Claim {n}"), NoteRef(n), Text(" and more" * 40))) for n in (1, 2, 3)
    )
    notes = tuple(
        Note(n, (Para((Text(f"note{n}word " * (1500 if n == 1 else 20)),)),)) for n in (1, 2, 3)
    )
    doc = Document(meta=sample_document().meta, blocks=blocks, notes=notes)
    data = render_pdf(doc, default_style())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 3
    assert sum(page.count("note1word") for page in pages) == 1500  # every word, once
    assert [page.count("note1word") > 0 for page in pages] == [True] * len(pages)
    assert "note2word" in pages[-1]
    assert "note2word" not in "".join(pages[:-1])  # after the note that went on
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    assert main(["check", str(path)]) == 0
    capsys.readouterr()


def test_a_source_note_of_twenty_long_links_renders(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = sample_dir / "brief.yaml"
    links = "".join(f"\n    - https://example.org/{n}/" + "segment-" * 250 for n in range(20))
    text = brief.read_text("utf-8")
    text = re.sub(r"\n  links:(\n    - \S+)+", "\n  links:" + links, text)
    assert text.count("segment-segment") >= 20, "the sample's source.links were replaced"
    brief.write_text(text, "utf-8")
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    pdf = tmp_path / "out" / "reset-with-russia.pdf"
    assert main(["check", str(pdf)]) == 0


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_a_reader_of_the_structure_meets_each_note_after_the_text_that_cites_it(
    tmp_path: Path,
) -> None:
    import subprocess

    pdf = briefgen.render(SAMPLE, tmp_path, formats=("pdf",)).outputs[0].path
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    order = [
        "would require a reset inside Russia first",  # the thesis quote, citing note 2
        "2 Ruth Deyermond, ¶17.",  # note 2
        "Evidence",
        "desirable and possible have vanished",  # evidence 1, citing note 3
        "3 Ruth Deyermond, ¶7.",
    ]
    places = [structure.find(text) for text in order]
    assert -1 not in places, places
    assert places == sorted(places)


def _markdown_pdf(markdown: str, style: Style | None = None) -> bytes:
    from briefgen.parse import parse
    from briefgen.tree import Meta

    doc = parse(markdown, Meta(title="Notes", created="2026-11-25T00:00:00Z"))
    return render_pdf(doc, style or default_style())


def _note_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # A list that no heading's guard measured first: its items are found as laid out.
        ("Intro.\n\n- do this[^1]\n- and that\n\n[^1]: NOTEONE.\n", {"NOTEONE": 1}),
        # A note that only another note cites follows it.
        (
            "Text[^a].\n\n[^a]: NOTEONE, see also[^b].\n[^b]: NOTETWO.\n",
            {"NOTEONE": 1, "NOTETWO": 1},
        ),
        # A note cited twice stands once, where it is first cited (as in the DOCX).
        (
            "Text[^a].\n\n" + "Filler words. " * 400 + "\n\nAgain[^a].\n\n[^a]: NOTEONE.\n",
            {"NOTEONE": 1},
        ),
        # In a table row taller than a page, beside its reference.
        (
            "| a | b |\n|---|---|\n| "
            + "word " * 900
            + " | ref[^1] |\n| c | d |\n\n[^1]: NOTEONE.\n",
            {"NOTEONE": 1},
        ),
    ],
    ids=["list", "note-in-note", "cited-twice", "tall-table-row"],
)
def test_every_cited_note_is_printed_once(markdown: str, expected: dict[str, int]) -> None:
    text = "".join(_note_texts(_markdown_pdf("# Title\n\n" + markdown)))
    assert {word: text.count(word) for word in expected} == expected


def test_endnotes_under_a_document_of_level_3_headings_start_the_outline_at_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefgen.parse import parse
    from briefgen.tree import Meta
    from briefgen.writers.docx import render_docx

    doc = parse("### Only a subheading\n\nText[^1].\n\n[^1]: A note.\n", Meta(title="Notes"))
    endnotes = default_style().model_copy(update={"notes": NotesStyle(placement="endnotes")})
    (tmp_path / "x.pdf").write_bytes(render_pdf(doc, endnotes))
    (tmp_path / "x.docx").write_bytes(render_docx(doc, endnotes))
    assert main(["check", str(tmp_path / "x.pdf"), str(tmp_path / "x.docx")]) == 0
    assert capsys.readouterr().out.count("no findings") == 2


def test_renders_in_threads_give_the_bytes_of_one_render() -> None:
    # The PDF writer turns reportlab's global ASCII85 setting off while it saves: under
    # a lock, so that threads cannot leave one another's files half encoded.
    from concurrent.futures import ThreadPoolExecutor

    doc, style = sample_document(), default_style()
    expected = render_pdf(doc, style)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: render_pdf(doc, style), range(36)))
    assert all(result == expected for result in results)
    assert b"/ASCII85Decode" not in expected


def test_a_note_that_cites_a_note_keeps_room_for_both_at_every_height() -> None:
    style = default_style()
    for paragraphs in range(0, 34, 2):
        doc = citing(paragraphs, notes=1)
        long = Para((Text("NOTE1 says where the claim comes from " * 6), NoteRef(2)))
        second = Note(2, (Para((Text("NOTE2 and on " * 30),)),))
        doc = Document(meta=doc.meta, blocks=doc.blocks, notes=(Note(1, (long,)), second))
        data = render_pdf(doc, style)
        drawn, cited = note_pages(data)
        assert drawn[1] == drawn[2] == cited[1], paragraphs  # together, where 1 is cited
        for page in lines(data):
            notes = [y for y, text in page.items() if "NOTE1" in text or "NOTE2" in text]
            body = [y for y, t in page.items() if re.match(r"(Filler|The citing|After)", t.strip())]
            if notes and body:
                # The rule and its gaps (a body line's height) stand between the text's
                # last baseline and the first note's: room was kept for both notes.
                room = style.fonts.body_leading + style.fonts.small_size
                assert min(body) - max(notes) >= room, paragraphs
