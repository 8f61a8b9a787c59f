"""Readers: every essay format becomes the text the .txt path would give.

Each format's file is made here from the sample essay (inputs/reset-with-russia/essay.txt),
so the expected paragraphs are the 18 that the .txt gives (`test_ingest.py` pins them).
"""

from __future__ import annotations

import ast
import html
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefgen.errors import InputError
from briefgen.essay import Essay
from briefgen.ingest import blocks, ingest, ingest_text, read_essay, read_source, readers
from briefgen.ingest.export import essay_json
from briefgen.ingest.readers import detect_format
from briefgen.ingest.readers import docx as docx_reader
from briefgen.style import FONTS_DIR

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "inputs" / "reset-with-russia" / "essay.txt"
SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
TITLE = "Why Another Reset Is Impossible"
POLITICO = "https://www.politico.com/news/2024/08/23/ukraine-biden-weapons-restrictions-00176210"
AUTHOR = "https://www.themoscowtimes.com/author/ruth-deyermond"
CAPTION = " ".join(SAMPLE_LINES[0:2]).strip()
# The sentence that a page break (and, in the .txt, two URLs) cuts in two.
REJOINED = (
    "Resetting relations with Russia was the Obama administration\u2019s first major foreign "
    "policy initiative, launched by then-Vice President Joe Biden in early 2009."
)


@pytest.fixture(scope="module")
def txt() -> Essay:
    """The .txt path: what every other format must come to."""
    essay = ingest(SAMPLE)
    assert len(essay.paragraphs) == 18
    return essay


def texts(essay: Essay) -> list[str]:
    return [p.text for p in essay.paragraphs]


def kinds(essay: Essay) -> list[str]:
    return [r.kind for r in essay.removals]


def one_line_error(path: Path) -> str:
    """The single problem ingesting ``path`` raises, as the CLI prints it."""
    with pytest.raises(InputError) as caught:
        ingest(path)
    [problem] = caught.value.problems
    assert problem.file == path
    message = str(problem)
    assert "\n" not in message
    assert "Traceback" not in message
    return message.removeprefix(str(path)).removeprefix(": ").removeprefix(":")


# Markdown -------------------------------------------------------------------------------


def sample_markdown() -> str:
    """The .txt's lines (wrapped, with the caption, URL and related-article lines) after
    front matter, with a heading, emphasis, a strong run and a Markdown link added.

    The title is in the front matter, not a heading above the caption: ``clean`` drops a
    photo caption only as the first block (see the report on this change)."""
    body = "\n".join(SAMPLE_LINES)
    body = body.replace("a \u201creset\u201d of", "a *\u201creset\u201d* of")
    body = body.replace("A recent\nPolitico article", f"A recent\n[Politico article]({POLITICO})")
    body = body.replace("an enormous mistake", "an **enormous** mistake")
    body = body.replace("\nThe Reset aimed", "\n## The Reset\n\nThe Reset aimed")
    return f"---\ntitle: {TITLE}\nauthor: Ruth Deyermond\n---\n\n{body}"


def test_markdown_is_the_txt_with_its_heading(tmp_path: Path, txt: Essay) -> None:
    path = tmp_path / "essay.md"
    path.write_text(sample_markdown(), encoding="utf-8")
    essay = ingest(path)
    assert texts(essay) == [*texts(txt)[:3], "The Reset", *texts(txt)[3:]]
    assert REJOINED in essay.paragraphs[2].text
    # A link's URL stands on a line of its own, so clean reports it as removed too.
    assert sorted(kinds(essay)) == sorted([*kinds(txt), "url"])
    assert [link.url for link in essay.links] == [POLITICO, AUTHOR, POLITICO]
    assert not any(mark in p.text for p in essay.paragraphs for mark in ("*", "[", "]("))


def test_markdown_syntax_goes_and_words_stay(tmp_path: Path) -> None:
    path = tmp_path / "essay.markdown"
    path.write_text(
        "Intro with `code`, _em_ and a [relative](../x.md) link,\n"
        "a ![photo](https://example.org/p.jpg) image, an autolink <https://example.org/a>,\n"
        "a [mail](mailto:a@example.org) and a footnote.[^1]\n"
        "\n"
        "## A *Heading*\n"
        "Straight after it, a paragraph with a [link](https://example.org/b) that\n"
        "wraps.\n"
        "\n"
        "- First item.\n"
        "- Second item, with a hard  \n"
        "  break.\n"
        "\n"
        "| Cell one. | Cell two. |\n"
        "|---|---|\n"
        "| Three. | Four. |\n"
        "\n"
        "<div class='note'><p>Raw <b>HTML</b> block.</p></div>\n"
        "\n"
        "[^1]: The footnote text.\n",
        encoding="utf-8",
    )
    essay = ingest(path)
    assert texts(essay) == [
        (
            "Intro with code, em and a relative link, a image, an autolink "
            "https://example.org/a, a mail and a footnote."
        ),
        "A Heading",
        "Straight after it, a paragraph with a link that wraps.",
        "First item.",
        "Second item, with a hard break.",
        "Cell one.",
        "Cell two.",
        "Three.",
        "Four.",
        "Raw HTML block.",
        "The footnote text.",
    ]
    # The autolink is found inline; the link's URL on a line of its own; the rest are
    # not web links.
    assert [link.url for link in essay.links] == ["https://example.org/a", "https://example.org/b"]


# HTML -----------------------------------------------------------------------------------


def sample_html(txt: Essay, charset: str = "utf-8") -> str:
    """A news page around the essay: head, navigation, a title outside the article,
    a captioned photo, entities, an inline link, scripts, an aside and a footer."""
    paragraphs = []
    for i, text in enumerate(texts(txt)):
        body = html.escape(text, quote=False)
        body = body.replace("\u201c", "&ldquo;").replace("\u2019", "&rsquo;")
        body = body.replace("é", "&eacute;")
        if i == 0:
            body = body.replace("Politico article", f'<a href="{POLITICO}">Politico article</a>')
        if i == 2:
            body = body.replace("Obama administration", "<em>Obama</em>\n   administration")
        paragraphs.append(f"<p>{body}</p>")
        if i == 6:
            paragraphs.append(
                "<aside class='related'>Related article: "
                "<a href='/2024/09/x'>Russia Bans 92 U.S. Citizens</a></aside>"
            )
            paragraphs.append("<script>document.write('<p>not text</p>')</script>")
        if i == 10:
            paragraphs.append(
                '<p>Related article: <a href="https://www.themoscowtimes.com/2024/k">'
                "Kremlin Officials Wishing for a Trump Victory</a></p>"
            )
    caption = html.escape(CAPTION)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{TITLE} - The Moscow Times</title>
<style>p {{ color: red }}</style><script>var tracking = "<p>no</p>";</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="share">Share on X</div>
<main>
  <div class="headline"><h1>{TITLE}</h1></div>
  <article>
    <figure><img src="photo.jpg" alt="Biden and Harris"><figcaption>{caption}</figcaption></figure>
    {"".join(paragraphs)}
    <footer>By <a href="{AUTHOR}">Ruth Deyermond</a>. Tags: Russia</footer>
  </article>
</main>
<footer><p>&copy; The Moscow Times</p></footer>
<noscript>Enable JavaScript.</noscript>
</body></html>
"""


def test_html_is_the_article_text(tmp_path: Path, txt: Essay) -> None:
    path = tmp_path / "essay.html"
    path.write_text(sample_html(txt), encoding="utf-8")
    essay = ingest(path)
    assert texts(essay) == texts(txt)
    assert REJOINED in essay.paragraphs[2].text
    assert kinds(essay) == ["caption", "url", "related-article", "url"]
    assert [link.url for link in essay.links] == [POLITICO, "https://www.themoscowtimes.com/2024/k"]
    assert read_source(path).format == "html"


def test_html_declared_charset_is_honoured(tmp_path: Path, txt: Essay) -> None:
    path = tmp_path / "essay.htm"
    path.write_bytes(sample_html(txt, charset="windows-1252").encode("cp1252"))
    assert texts(ingest(path)) == texts(txt)


def test_html_without_an_article_is_the_body_without_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><header>Site name</header><nav><ul><li>Menu</li></ul></nav>"
        "<h2>A heading</h2><div>First &amp; only <b>div</b> text.<br>Its second line."
        "</div><p hidden>Hidden.</p><p style='display: none'>Also hidden.</p>"
        "<pre>keep\n  these\nlines</pre><ul><li>One item.</li><li>Two.</li></ul>"
        "<table><tr><td>Cell.</td><td>Other cell.</td></tr></table>"
        "<p>A <a href='https://example.org/x'>https://example.org/x</a> link as its own "
        "label and <a href='mailto:a@example.org'>mail</a>.</p>"
        "<div class='social-links'>Follow us</div><footer>Footer</footer></body></html>",
        encoding="utf-8",
    )
    essay = ingest(path)
    assert texts(essay) == [
        "A heading",
        "First & only div text. Its second line.",
        "keep these lines",
        "One item.",
        "Two.",
        "Cell.",
        "Other cell.",
        "A https://example.org/x link as its own label and mail.",
    ]
    # A link labelled with its own URL is found in the text, not repeated on a line.
    [link] = essay.links
    assert link.url == "https://example.org/x"
    assert read_source(path).text.split("\n")[link.line - 1].startswith("A https://example.org/x")


def test_teaser_articles_do_not_hide_the_essay(tmp_path: Path) -> None:
    essay_text = " ".join(["The essay sentence goes on."] * 40)
    path = tmp_path / "page.html"
    path.write_text(
        f"<body><div class='content'><p>{essay_text}</p></div>"
        "<article><p>A teaser for another story.</p></article></body>",
        encoding="utf-8",
    )
    assert texts(ingest(path)) == [essay_text, "A teaser for another story."]


def test_html_not_utf8_without_a_charset_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "essay.html"
    path.write_bytes(b"<p>Caf\xe9 society.</p>")
    assert one_line_error(path) == "1: not UTF-8: byte 0xe9 at offset 6"


def test_html_with_only_whitespace_has_no_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "essay.html"
    path.write_text("  \n ", encoding="utf-8")
    assert one_line_error(path) == "the essay has no paragraphs"


# DOCX -----------------------------------------------------------------------------------


def add_hyperlink(paragraph: DocxParagraph, text: str, url: str) -> None:
    """python-docx has no API for an external hyperlink: the XML Word writes."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def sample_docx(txt: Essay) -> bytes:
    """The essay as Word keeps it: one paragraph per paragraph, the caption on top in the
    Caption style, a hyperlink, a bold run, a tracked insertion and deletion, a pull quote
    in a text box's place, and one paragraph kept with its line breaks (and its line-end
    hyphen) as pasted from the .txt."""
    document = docx.Document()
    document.add_paragraph(CAPTION, style="Caption")
    for i, text in enumerate(texts(txt)):
        if i == 0:
            before, after = text.split("Politico article")
            paragraph = document.add_paragraph(before)
            add_hyperlink(paragraph, "Politico article", POLITICO)
            paragraph.add_run(after)
        elif i == 1:
            before, after = text.split("enormous")
            paragraph = document.add_paragraph(before)
            paragraph.add_run("enormous").bold = True
            paragraph.add_run(after)
        elif i == 5:
            before, after = text.split("multiple reasons")
            paragraph = document.add_paragraph(before)
            inserted = OxmlElement("w:ins")
            inserted.set(qn("w:author"), "Editor")
            inserted.set(qn("w:id"), "1")
            run = OxmlElement("w:r")
            run_text = OxmlElement("w:t")
            run_text.text = "multiple reasons"
            run.append(run_text)
            inserted.append(run)
            paragraph._p.append(inserted)
            deleted = OxmlElement("w:del")
            deleted.set(qn("w:author"), "Editor")
            deleted.set(qn("w:id"), "2")
            run = OxmlElement("w:r")
            gone = OxmlElement("w:delText")
            gone.text = " (deleted words)"
            run.append(gone)
            deleted.append(run)
            paragraph._p.append(deleted)
            paragraph.add_run(after)
        elif i == 13:
            start = SAMPLE_LINES.index(next(line for line in SAMPLE_LINES if "Even if all" in line))
            paragraph = document.add_paragraph()
            for k, line in enumerate(SAMPLE_LINES[start : start + 5]):
                run = paragraph.add_run(line)
                if k < 4:
                    run.add_break()
        else:
            document.add_paragraph(text)
        if i == 6:
            document.add_paragraph(
                "Related article: Russia Bans 92 U.S. Citizens Over \u2018Russophobic\u2019 Policies"
            )
            document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_is_the_paragraphs_in_order(tmp_path: Path, txt: Essay) -> None:
    path = tmp_path / "essay.docx"
    path.write_bytes(sample_docx(txt))
    essay = ingest(path)
    assert texts(essay) == texts(txt)
    assert "Putin has put visceral anti-Westernism at the center" in essay.paragraphs[13].text
    assert kinds(essay) == ["caption", "url", "related-article"]
    assert [link.url for link in essay.links] == [POLITICO]
    assert read_source(path).format == "docx"


def test_docx_table_cells_and_field_links(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("A Heading", level=1)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell."
    table.cell(0, 1).text = "Right cell."
    paragraph = document.add_paragraph("See the ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), ' HYPERLINK "https://example.org/field" ')
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = "report"
    run.append(run_text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(".\ttabbed")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    essay = ingest(path)
    assert texts(essay) == ["A Heading", "Left cell.", "Right cell.", "See the report. tabbed"]
    assert [link.url for link in essay.links] == ["https://example.org/field"]


def test_docx_footnotes_follow_the_body(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("The body cites a source.")
    document.add_paragraph("And goes on.")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    notes = (
        f"<w:footnotes {w} {r}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        ' The source, </w:t></w:r><w:hyperlink r:id="rIdN1"><w:r><w:t>online</w:t></w:r>'
        "</w:hyperlink><w:r><w:t>.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/footnotes.xml"] = notes.encode()
    parts["word/_rels/footnotes.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdN1" TargetMode="External" Target="https://example.org/source" '
        f'Type="{relationships}/hyperlink"/></Relationships>'
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFn" Target="footnotes.xml" Type="{relationships}/footnotes"/>'
        "</Relationships>",
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    path.write_bytes(zip_of(parts))
    essay = ingest(path)
    assert texts(essay) == ["The body cites a source.", "And goes on.", "The source, online."]
    assert [link.url for link in essay.links] == ["https://example.org/source"]


# PDF ------------------------------------------------------------------------------------

# Pages end after these lines of essay.txt: after a full line that ends a sentence inside a
# paragraph ("… perspective. The U.S." / "and Russia …"), mid-sentence ("… moving forward"
# / "on issues …") and mid-word at a hyphen ("visceral anti-" / "Westernism").
PAGE_ENDS = (33, 59, 90)
RUNNING_HEAD = "The Moscow Times \u00b7 " + TITLE


def sample_pdf(lines: list[str] = SAMPLE_LINES, page_ends: tuple[int, ...] = PAGE_ENDS) -> bytes:
    """The .txt's lines set as a PDF: 10 pt on a 13 pt pitch, a blank line as a gap,
    a page number at each page's foot and a running head on every page after the first."""
    pdfmetrics.registerFont(TTFont("ReadersSerif", str(FONTS_DIR / "NotoSerif-Regular.ttf")))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=True)
    page, y = 1, 740.0
    for number, line in enumerate(lines, start=1):
        canvas.setFont("ReadersSerif", 10)
        if line.strip():
            canvas.drawString(72, y, line)
        y -= 13
        if number in page_ends:
            canvas.setFont("ReadersSerif", 9)
            canvas.drawCentredString(306, 40, str(page))
            canvas.showPage()
            page, y = page + 1, 740.0
            canvas.setFont("ReadersSerif", 8)
            canvas.drawString(72, 765, RUNNING_HEAD)
    canvas.setFont("ReadersSerif", 9)
    canvas.drawCentredString(306, 40, str(page))
    canvas.save()
    return out.getvalue()


def test_pdf_is_the_txt(tmp_path: Path, txt: Essay) -> None:
    path = tmp_path / "essay.pdf"
    path.write_bytes(sample_pdf())
    essay = ingest(path)
    assert texts(essay) == texts(txt)
    assert REJOINED in essay.paragraphs[2].text
    # Over the page breaks: a full line ending a sentence, mid-sentence, mid-word.
    assert "perspective. The U.S. and Russia tackled" in essay.paragraphs[4].text
    assert "keep moving forward on issues like arms control" in essay.paragraphs[8].text
    assert "Putin has put visceral anti-Westernism at the center" in essay.paragraphs[13].text
    assert [link.url for link in essay.links] == [link.url for link in txt.links]
    assert sorted(kinds(essay)) == sorted(
        [*kinds(txt), *["page-number"] * 4, *["running-head"] * 3]
    )
    source = read_source(path)
    assert source.format == "pdf"
    # The PDF's furniture leaves before the text, where the reader saw it.
    assert sorted(r.kind for r in source.removals) == ["page-number"] * 4 + ["running-head"] * 3
    assert {r.text for r in source.removals if r.kind == "running-head"} == {RUNNING_HEAD}
    assert RUNNING_HEAD not in source.text


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_pdf_paragraphs_by_first_line_indent(tmp_path: Path, scale: float) -> None:
    # No gap between paragraphs: each starts with an indent.  The second paragraph runs
    # over the page break after a full line ending a sentence.  Drawn under a scaled
    # transformation too (as Word's PDFs are: a 1 pt font, scaled), with the same result.
    pdfmetrics.registerFont(TTFont("ReadersSerif", str(FONTS_DIR / "NotoSerif-Regular.ttf")))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=True)

    def page(rows: list[tuple[float, str]]) -> None:
        canvas.scale(scale, scale)
        canvas.setFont("ReadersSerif", 11 / scale)
        for i, (x, text) in enumerate(rows):
            canvas.drawString(x / scale, (700 - 14 * i) / scale, text)
        canvas.showPage()

    page(
        [
            (90, "The first paragraph starts here with an indent and runs on to a full"),
            (72, "second line that ends it."),
            (90, "The second paragraph also starts with an indent and it runs the full"),
            (72, "measure for a while. Then its line ends a sentence at the page foot."),
        ]
    )
    page([(72, "It goes on at the top of the next page."), (90, "A third paragraph.")])
    canvas.save()
    path = tmp_path / "indented.pdf"
    path.write_bytes(out.getvalue())
    assert texts(ingest(path)) == [
        (
            "The first paragraph starts here with an indent and runs on to a full second line "
            "that ends it."
        ),
        (
            "The second paragraph also starts with an indent and it runs the full measure for "
            "a while. Then its line ends a sentence at the page foot. It goes on at the top of "
            "the next page."
        ),
        "A third paragraph.",
    ]


def test_pdf_lists_headings_and_split_headers(tmp_path: Path) -> None:
    pdfmetrics.registerFont(TTFont("ReadersSerif", str(FONTS_DIR / "NotoSerif-Regular.ttf")))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=True)
    for number in (1, 2):
        # A running head in two parts on one baseline, and a page footer.
        canvas.setFont("ReadersSerif", 8)
        canvas.drawString(72, 760, "Policy brief")
        canvas.drawRightString(540, 760, "OFFICIAL – FOR INTERNAL USE")
        canvas.drawRightString(540, 40, f"Page {number} of 2")
        canvas.setFont("ReadersSerif", 16)
        canvas.drawString(72, 720, "A Heading" if number == 1 else "Another Heading")
        canvas.setFont("ReadersSerif", 10)
        rows = [
            (72, "1."),
            (86, "A numbered item whose text runs on over the full measure to a"),
            (86, "second line."),
            (72, "2."),
            (86, "Another item."),
            (72, "•"),
            (86, "A bullet."),
        ]
        y = 690.0
        for x, text in rows:
            if x == 86 and rows[rows.index((x, text)) - 1][0] == 72:
                y += 13  # the marker and the item's first line share a baseline
            canvas.drawString(x, y, text)
            y -= 13
        canvas.showPage()
    canvas.save()
    path = tmp_path / "lists.pdf"
    path.write_bytes(out.getvalue())
    essay = ingest(path)
    items = [
        "1. A numbered item whose text runs on over the full measure to a second line.",
        "2. Another item.",
        "• A bullet.",
    ]
    assert texts(essay) == ["A Heading", *items, "Another Heading", *items]
    # The head and the page numbers are left out before the text (read_source reports
    # them), by the cleanup's furniture rules, and ingest reports them.
    head = "Policy brief OFFICIAL \u2013 FOR INTERNAL USE"
    assert sorted((r.kind, r.text) for r in read_source(path).removals) == [
        ("page-number", "Page 1 of 2"),
        ("page-number", "Page 2 of 2"),
        ("running-head", head),
        ("running-head", head),
    ]
    assert sorted((r.kind, r.text) for r in essay.removals) == [
        ("page-number", "Page 1 of 2"),
        ("page-number", "Page 2 of 2"),
        ("running-head", head),
        ("running-head", head),
    ]


def test_scanned_pdf_says_so(tmp_path: Path) -> None:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=True)
    canvas.rect(72, 72, 400, 600, fill=1)  # where a scan's image would be
    canvas.showPage()
    canvas.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(out.getvalue())
    assert one_line_error(path) == (
        "the PDF has no text layer (is it a scan? run OCR on it first, e.g. ocrmypdf)"
    )


def test_encrypted_pdf(tmp_path: Path) -> None:
    def make(user: str) -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, encrypt=StandardEncryption(user, "owner"), invariant=True)
        canvas.drawString(72, 700, "A locked paragraph.")
        canvas.save()
        return out.getvalue()

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make("secret"))
    assert one_line_error(locked) == "not a readable PDF: it is encrypted with a password"
    # Encrypted with an empty user password: any reader opens it, and so does briefgen.
    open_ = tmp_path / "open.pdf"
    open_.write_bytes(make(""))
    assert texts(ingest(open_)) == ["A locked paragraph."]


NOT_PDF = r"not a readable PDF: it does not start with %PDF- "


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n", r"not a readable PDF: .+"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", ".+"),
        (b"<!doctype html><p>Access denied</p>", NOT_PDF + r"\(it looks like HTML\)"),
        (b"", NOT_PDF + r"\(the file is empty\)"),
        (b"An essay.\n", NOT_PDF + r"\(it looks like plain text\)"),
    ],
)
def test_a_pdf_that_cannot_be_read(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "essay.pdf"
    path.write_bytes(data)
    assert re.fullmatch(message, one_line_error(path))


def test_a_truncated_pdf_is_read_or_one_line(tmp_path: Path) -> None:
    data = sample_pdf()
    for cut in (len(data) // 5, len(data) // 2, len(data) - 40):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        problems: list[str] = []
        try:
            ingest(path)  # pypdf may recover what is left
        except InputError as err:
            problems = [str(problem) for problem in err.problems]
        assert len(problems) <= 1
        assert all("\n" not in problem for problem in problems)


# Errors common to DOCX ------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            zip_of({"word/document.xml": b"<w:document", "[Content_Types].xml": b"<Types/>"}),
            r"not a readable DOCX: .+",
        ),
        (
            zip_of({"content.xml": b"<office:document/>"}),
            (
                r"not a readable DOCX: the archive has no word/document.xml "
                r"\(an \.odt, \.epub or other ZIP\?\)"
            ),
        ),
        (
            b"PK\x03\x04 this is no zip",
            r"not a readable DOCX: File is not a zip file",
        ),
        (
            b"Plain text, saved as .docx.\n",
            r"not a readable DOCX: it is not a ZIP archive \(it looks like plain text\)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            r"not a readable DOCX: it is not a ZIP archive \(it looks like a Word 97-2003 \.doc\)",
        ),
    ],
)
def test_a_docx_that_cannot_be_read(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "essay.docx"
    path.write_bytes(data)
    assert re.fullmatch(message, one_line_error(path))


def test_a_docx_that_unpacks_too_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 1000)
    assert re.fullmatch(
        r"not a readable DOCX: it unpacks to [\d,]+ bytes; the limit is 1,000", one_line_error(path)
    )


# Choosing the format --------------------------------------------------------------------


def test_content_decides_over_the_suffix(tmp_path: Path, txt: Essay) -> None:
    cases = {
        "essay.txt": sample_html(txt).encode("utf-8"),  # saved from a browser as text
        "essay": sample_pdf(),  # no suffix
        "download": sample_docx(txt),
        "essay.TXT": sample_pdf(),
        "essay.md": sample_docx(txt),
        "essay.pdf.docx": sample_pdf(),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert texts(ingest(path)) == texts(txt), name


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", b"Plain text.", "text"),
        ("a", b"Plain text.", "text"),
        ("a.txt", b"\xef\xbb\xbf  <!DOCTYPE html><p>x", "html"),
        ("a.txt", b"<!-- saved -->\n<html><body>x", "html"),
        ("a.txt", b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        ("a", b"<p>A fragment.</p>", "html"),
        ("a.txt", "<div>UTF-16</div>".encode("utf-16"), "html"),
        ("a.txt", b"<https://example.org/a> is a URL line, not HTML.", "text"),
        ("a.txt", b"<Author> wrote this.", "text"),
        ("a.md", b"<p>HTML in Markdown is Markdown.</p>", "markdown"),
        ("a.html", b"No tags at all.", "html"),
        ("a.txt", b"  \n%PDF-1.7\n", "pdf"),
        ("a.pdf", b"junk before the header %PDF-1.7\n", "pdf"),
        ("a.docx", b"PK\x03\x04 broken", "docx"),
    ],
)
def test_detect_format(name: str, data: bytes, expected: str) -> None:
    assert detect_format(data, Path(name)) == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "a.rtf",
            b"{\\rtf1 An essay.}",
            r"cannot read \.rtf essays \(supported: \.docx, .+, \.xhtml\)",
        ),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"is a Word 97-2003 .+; save it as \.docx"),
        ("a.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"is a Word 97-2003 .+; save it as \.docx"),
        ("a.zip", zip_of({"a.txt": b"x"}), r"is a ZIP archive but not a DOCX .+"),
    ],
)
def test_formats_not_read(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert re.fullmatch(message, one_line_error(path))


# Limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["essay.txt", "essay.md", "essay.html", "essay.docx", "essay.pdf"])
def test_the_size_limit_holds_for_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-" + bytes(200) if name.endswith(".pdf") else b"x" * 200)
    monkeypatch.setattr(readers, "MAX_ESSAY_BYTES", 100)
    size = path.stat().st_size
    assert one_line_error(path) == f"is {size} bytes; the limit for an essay is 100"


@pytest.mark.parametrize("name", ["essay.md", "essay.html", "essay.docx", "essay.pdf"])
def test_the_text_limit_holds_for_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, txt: Essay, name: str
) -> None:
    # A small file can hold much text (a DOCX compresses it, a PDF repeats a form).
    makers = {
        ".md": lambda: sample_markdown().encode("utf-8"),
        ".html": lambda: sample_html(txt).encode("utf-8"),
        ".docx": lambda: sample_docx(txt),
        ".pdf": sample_pdf,
    }
    path = tmp_path / name
    path.write_bytes(makers[path.suffix]())
    monkeypatch.setattr(blocks, "MAX_TEXT_CHARS", 1000)
    assert one_line_error(path) == "holds more than 1,000 characters of text; that is the limit"


# The same paragraphs, whatever the format ------------------------------------------------

_word = st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=8)
_sentence = st.lists(_word, min_size=1, max_size=12).map(lambda words: " ".join(words) + ".")
_paragraphs = st.lists(st.lists(_sentence, min_size=1, max_size=4).map(" ".join), min_size=1)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_paragraphs)
def test_html_and_docx_paragraphs_are_the_text_paragraphs(
    tmp_path: Path, paragraphs: list[str]
) -> None:
    expected = texts(ingest_text("\n\n".join(paragraphs)))
    page = tmp_path / "p.html"
    page.write_text("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs), encoding="utf-8")
    assert texts(ingest(page)) == expected
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    word = tmp_path / "p.docx"
    document.save(str(word))
    assert texts(ingest(word)) == expected


# Compatibility and JSON -----------------------------------------------------------------


def test_read_essay_is_the_text_of_read_source(tmp_path: Path, txt: Essay) -> None:
    assert read_essay(SAMPLE) == SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "essay.pdf"
    path.write_bytes(sample_pdf())
    assert read_essay(path) == read_source(path).text


def test_essay_json(txt: Essay) -> None:
    data = essay_json(txt)
    assert json.loads(json.dumps(data)) == data
    assert data["path"] == str(SAMPLE)
    assert len(data["paragraphs"]) == 18
    assert data["paragraphs"][0] == {
        "number": 1,
        "text": txt.paragraphs[0].text,
        "line": 4,
    }
    assert data["links"] == [
        {"url": AUTHOR, "line": 17},
        {"url": POLITICO, "line": 18},
    ]
    assert [r["kind"] for r in data["removed"]] == kinds(txt)
    assert data["removed"][0]["line"] == 1
    assert essay_json(ingest_text("One.\n"))["path"] is None


# Layers ---------------------------------------------------------------------------------

INGEST = HERE.parent / "briefgen" / "ingest"


def module_imports(path: Path) -> set[str]:
    """The briefgen modules ``path`` imports, at its top or inside a function.

    ``from briefgen.ingest import blocks`` imports ``briefgen.ingest.blocks``; a name that
    is not a module (``from briefgen.ingest.blocks import Flow``) stands for its module.
    """
    package = ".".join(path.relative_to(HERE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            for alias in node.names:
                child = f"{module}.{alias.name}"
                found.add(child if module_path(child) else module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("briefgen")}


def module_path(name: str) -> Path | None:
    base = HERE.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def test_no_reader_imports_the_cleanup() -> None:
    """Readers turn a format into blocks; what is furniture, a paragraph or a hyphen is
    the cleanup's to decide, so no reader may reach it, directly or through a module it
    imports (a package's ``__init__`` run on the way is not followed)."""
    readers_ = sorted((INGEST / "readers").rglob("*.py"))
    assert len(readers_) >= 6
    for start in readers_:
        seen: set[str] = set()
        todo = module_imports(start)
        while todo:
            name = todo.pop()
            where = f"{start.relative_to(HERE.parent)} reaches {name}"
            assert name.split(".")[:3] != ["briefgen", "ingest", "clean"], where
            path = module_path(name)
            if name in seen or path is None:
                continue
            seen.add(name)
            todo |= module_imports(path)
