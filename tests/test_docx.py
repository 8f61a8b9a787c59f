"""The DOCX writer: reopen its bytes with python-docx and check what a reader would get."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from briefgen.tree import (
    Box,
    Document,
    Heading,
    Link,
    ListItem,
    Meta,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Table,
    Text,
)
from briefgen.writers.docx import render_docx
from tests.readers import pdf_text, soffice_to_pdf
from tests.sample_doc import default_style, sample_document, t

STYLE = default_style()


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return render_docx(sample_document(), STYLE)


@pytest.fixture(scope="module")
def word(sample_bytes: bytes):
    return docx.Document(io.BytesIO(sample_bytes))


def _open(doc: Document):
    return docx.Document(io.BytesIO(render_docx(doc, STYLE)))


def _doc(*blocks, notes=(), **meta) -> Document:
    meta = {"title": "T", "created": "2026-11-25T00:00:00Z", **meta}
    return Document(Meta(**meta), blocks, notes)


def _texts(word) -> list[str]:
    """The text of every paragraph in the body, table cells included, in reading order."""
    body = word.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _part(word, reltype):
    return word.part.part_related_by(reltype)


# --------------------------------------------------------------------------- text


def test_text_in_reading_order(word):
    texts = [text for text in _texts(word) if text]
    expected = [
        "Policy brief",
        "No reset without a reset inside Russia",
        "Why a new US-Russia thaw is out of reach",
        "25 November 2026 · Prepared for: the Secretary · Prepared by: the desk",
        "Source: Ruth Deyermond, essay, The Moscow Times.",
        "Bottom line. A reset is impossible while Russia is governed as it is now.",
        "Thesis",
        "The essay argues that the conditions for a reset have vanished.",
        "“A reset with Russia would require a reset inside Russia first.”",
        "Evidence",
        "Arms control needs trust. Distrust and can’t verify",
        "AT&T <b> *x* {{ y }} prints literally.",
        "Counterpoints",
        "Counterpoint",
        "The essay’s response",
        "Arms control worked before.",
        "Only while the two sides agreed on something.",
        "Engagement signals strength.",
        "Moscow reads it as weakness to exploit.",
        "Recommendations",
        "Lift the restrictions on Ukraine’s use of US weapons.",
        "Plan for a Russia after Putin.",
        "Заголовок на русском и ελληνικά.",
    ]
    assert texts == expected


def test_text_is_literal_and_xml_forbidden_characters_are_dropped():
    nasty = "AT&T <b> *x* {{ y }} </para> &amp;"
    word = _open(_doc(Para((Text(nasty + "\x00\x0b\x1b!"),))))
    assert _texts(word) == [nasty + "!"]
    xml = word.element.xml
    assert "AT&amp;T &lt;b&gt; *x* {{ y }} &lt;/para&gt; &amp;amp;" in xml


def test_cyrillic_and_greek(word):
    assert "Заголовок на русском и ελληνικά." in _texts(word)


def test_inline_formatting(word):
    runs = {run.text: run for p in word.paragraphs for run in p.runs}
    assert runs["Arms control needs trust. "].bold
    assert runs["Distrust and can’t verify"].italic
    assert runs["Bottom line. "].bold


# --------------------------------------------------------------------------- structure


def test_heading_styles_and_bookmarks(word):
    by_style: dict[str, list[str]] = {}
    for p in word.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == ["No reset without a reset inside Russia"]
    assert by_style["Heading 2"] == ["Thesis", "Evidence", "Counterpoints", "Recommendations"]
    heading2 = word.styles["Heading 2"]
    assert heading2.paragraph_format.keep_with_next
    assert heading2.font.name == "Noto Sans"
    assert heading2.font.color.rgb == docx.shared.RGBColor(0x1F, 0x3A, 0x5F)
    assert heading2.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "1"
    names = [b.get(qn("w:name")) for b in word.element.body.iter(qn("w:bookmarkStart"))]
    assert names == ["no-reset", "thesis", "evidence", "counterpoints", "recommendations"]


def _item(text: str) -> ListItem:
    return ListItem((Para(t(text)),))


def test_lists_use_list_styles_and_restart_numbering():
    item = _item
    word = _open(
        _doc(
            OrderedList((item("a1"), item("a2"))),
            Para(t("between")),
            OrderedList((item("b1"), item("b2"))),
            OrderedList((item("c5"),), start=5),
        )
    )
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["a1", "a2", "b1", "b2", "c5"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3] != num_ids[4]

    numbering = word.part.numbering_part.element
    starts = {}
    for num in numbering.iter(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if override is not None:
            starts[int(num.get(qn("w:numId")))] = int(override.get(qn("w:val")))
    assert [starts[n] for n in (num_ids[0], num_ids[2], num_ids[4])] == [1, 1, 5]
    formats = [f.get(qn("w:val")) for f in numbering.iter(qn("w:numFmt"))]
    assert "decimal" in formats
    assert "bullet" in formats


def test_a_list_items_paragraphs_keep_together_across_a_page_break():
    """A recommendation (its action, then its "Who · When · Rests on" line) is not split
    by a page break: every paragraph of an item but its last keeps with the next."""
    item = ListItem((Para(t("the action")), Para(t("who and when")), Para(t("why"))))
    word = _open(_doc(OrderedList((item, _item("alone")))))
    keeps = {p.text: p.paragraph_format.keep_with_next for p in word.paragraphs}
    assert keeps == {"the action": True, "who and when": True, "why": None, "alone": None}


def test_a_subject_too_long_for_the_core_properties_ends_with_an_ellipsis():
    subject = "word " * 80  # 400 characters; OPC allows 255
    props = _open(_doc(Para(t("x")), subject=subject.strip())).core_properties
    assert len(props.subject) <= 255
    assert props.subject.endswith("word…")


def test_bullets_use_list_bullet(word):
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [
        "Lift the restrictions on Ukraine’s use of US weapons.",
        "Plan for a Russia after Putin.",
    ]
    assert all(p._p.pPr.numPr is not None for p in word.paragraphs if p.style.name == "List Bullet")


def test_table_header_repeats_is_shaded_and_fits_text_width(word):
    (table,) = word.tables
    tbl = table._tbl
    rows = tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])
    fills = {shd.get(qn("w:fill")) for shd in rows[0].iter(qn("w:shd"))}
    assert fills == {"1F3A5F"}
    section = word.sections[0]
    text_width = round((section.page_width - section.left_margin - section.right_margin) / 635)
    grid = [int(col.get(qn("w:w"))) for col in tbl.iter(qn("w:gridCol"))]
    assert abs(sum(grid) - text_width) <= 2
    assert all(width >= 0.25 * sum(grid) - 1 for width in grid)
    assert int(tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}").get(qn("w:w"))) == sum(grid)
    for row in rows:
        cells = [
            int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
            for tc in row.findall(qn("w:tc"))
        ]
        assert cells == grid
    assert table.rows[0].cells[1].text == "The essay’s response"


def test_box_styles(word):
    callout = word.styles["Box Callout"].element
    ppr = callout.find(qn("w:pPr"))
    assert ppr.find(qn("w:shd")).get(qn("w:fill")) == "E9EFF6"
    left = ppr.find(f"{qn('w:pBdr')}/{qn('w:left')}")
    assert left.get(qn("w:color")) == "1F3A5F"
    assert left.get(qn("w:sz")) == "24"  # 3 pt in eighths
    assert word.styles["Box Kicker"].font.all_caps


def test_paragraphs_of_one_box_share_its_style_and_unknown_kind_is_body():
    word = _open(
        _doc(
            Box("callout", (Para(t("one")), Para(t("two")))),
            Box("no-such-kind", (Para(t("plain")),)),
        )
    )
    assert [(p.style.name, p.text) for p in word.paragraphs] == [
        ("Box Callout", "one"),
        ("Box Callout", "two"),
        ("Normal", "plain"),
    ]


# --------------------------------------------------------------------------- notes, links


def test_footnotes_part_holds_the_notes(word, sample_bytes):
    part = _part(word, RT.FOOTNOTES)
    assert part.partname == "/word/footnotes.xml"
    xml = part.blob.decode()
    assert "Deyermond, ¶17." in xml
    assert "Deyermond, ¶9; " in xml
    assert 'w:type="separator" w:id="-1"' in xml
    refs = [int(r.get(qn("w:id"))) for r in word.element.body.iter(qn("w:footnoteReference"))]
    assert refs == [1, 2]
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in types
    assert word.styles["footnote text"].font.size == docx.shared.Pt(7.5)
    settings = word.settings.element
    assert settings.find(f"{qn('w:footnotePr')}/{qn('w:footnote')}") is not None


def test_link_in_a_footnote_has_its_relationship_in_the_footnotes_part(word):
    part = _part(word, RT.FOOTNOTES)
    targets = {rel.target_ref for rel in part.rels.values() if rel.reltype == RT.HYPERLINK}
    assert targets == {"https://www.politico.com/"}


def test_external_links_have_the_url_in_the_relationships(word):
    links = list(word.element.body.iter(qn("w:hyperlink")))
    assert len(links) == 1
    rel = word.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external
    assert rel.target_ref == "https://www.themoscowtimes.com/author/ruth-deyermond"
    assert links[0].find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == (
        "Hyperlink"
    )


def test_internal_links_point_at_heading_bookmarks():
    word = _open(
        _doc(
            Heading(2, "the-thesis", t("Thesis")),
            Para((Text("see "), Link("#the-thesis", t("above")), Link("ftp://x", t(" (ftp)")))),
        )
    )
    (link,) = word.element.body.iter(qn("w:hyperlink"))
    assert link.get(qn("w:anchor")) == "the-thesis"
    assert _texts(word)[-1] == "see above (ftp)"


def test_repeated_or_dangling_note_refs_do_not_make_bad_footnotes():
    note = Note(1, (Para(t("the note")),))
    word = _open(
        _doc(Para((Text("a"), NoteRef(1), Text("b"), NoteRef(1), NoteRef(7))), notes=(note,))
    )
    refs = list(word.element.body.iter(qn("w:footnoteReference")))
    assert len(refs) == 1
    assert _texts(word) == ["ab17"]  # the repeat and the dangling ref print as superscripts


# --------------------------------------------------------------------------- page furniture


def test_header_has_left_text_and_marking(word):
    header = word.sections[0].header
    assert header.paragraphs[0].text == "Policy brief\tOFFICIAL"
    tabs = header.paragraphs[0].style.paragraph_format.tab_stops
    section = word.sections[0]
    assert tabs[0].position == section.page_width - section.left_margin - section.right_margin


def test_footer_has_page_and_numpages_fields(word):
    footer = word.sections[0].footer._element
    instructions = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    assert "".join(t.text for t in footer.iter(qn("w:t"))) == "Page 1 of 1"


def test_page_geometry_and_defaults(word):
    section = word.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 21
    assert round(section.top_margin.mm) == 20
    defaults = word.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f".//{qn('w:rFonts')}")
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Noto Serif"}
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en"
    assert word.styles["Normal"].font.size == docx.shared.Pt(9.5)


def test_font_table_describes_the_noto_fonts(sample_bytes):
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        fonts = z.read("word/fontTable.xml").decode()
        names = z.namelist()
    assert '<w:font w:name="Noto Serif"><w:panose1 w:val="02020502060505020204"/>' in fonts
    assert '<w:family w:val="swiss"/>' in fonts
    assert names[0] == "[Content_Types].xml"
    assert not any("thumbnail" in n or "stylesWithEffects" in n for n in names)


def test_core_properties(word):
    props = word.core_properties
    assert props.title == "No reset without a reset inside Russia"
    assert props.author == "Russia and Eurasia desk"
    assert props.last_modified_by == "Russia and Eurasia desk"
    assert props.subject.startswith("Ruth Deyermond")
    assert props.keywords == "Russia, United States, arms control"
    assert props.revision == 1
    when = datetime(2026, 11, 25, tzinfo=timezone.utc)
    assert props.created == when
    assert props.modified == when
    assert props.comments == ""


# --------------------------------------------------------------------------- reproducibility


def test_two_renders_are_byte_identical(sample_bytes):
    assert render_docx(sample_document(), STYLE) == sample_bytes
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 11, 25, 0, 0, 0)}


def test_another_date_changes_the_stamps():
    other = render_docx(_doc(Para(t("x")), created="2027-01-02T03:04:05Z"), STYLE)
    with zipfile.ZipFile(io.BytesIO(other)) as z:
        assert {info.date_time for info in z.infolist()} == {(2027, 1, 2, 3, 4, 4)}


def test_edge_cases_do_not_crash():
    word = _open(
        _doc(
            Table(header=(), rows=()),
            Table(header=(t("only"),), rows=((t("a"), t("extra cell")),)),
            OrderedList((ListItem(()), ListItem((OrderedList((ListItem((Para(t("deep")),)),)),)))),
            Heading(5, "x y", t("Deep heading")),
            notes=(Note(1, ()),),
        )
    )
    assert "Deep heading" in _texts(word)
    assert "extra cell" in _texts(word)


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.slow
def test_libreoffice_renders_title_and_footnotes(tmp_path: Path, sample_bytes: bytes):
    # soffice_to_pdf skips without LibreOffice, or fails when the CI variable is set.
    source = tmp_path / "brief.docx"
    source.write_bytes(sample_bytes)
    text = pdf_text(soffice_to_pdf(source, tmp_path))
    assert "No reset without a reset inside Russia" in text
    assert "Deyermond, ¶17." in text
    assert "Deyermond, ¶9; Politico." in text
    assert "Page 1 of 1" in text
