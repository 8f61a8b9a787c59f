"""The PDF is tagged (PDF/UA-1): a structure tree in reading order, every piece of page
content either tied to an element or an artifact, links with their annotations, XMP.

Read back with pikepdf (qpdf) and poppler's ``pdfinfo -struct-text``; the sample brief
in each built-in template, and the writer's test document with every kind of block.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest
from conftest import line_of
from readers import unbreak
from sample_doc import default_style, sample_document

import briefgen
from briefgen.cli import main
from briefgen.tree import Document, Table, Text
from briefgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
TEMPLATES = sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_dir())

_PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"Do", b"sh"}  # fmt: skip
"""Operators that put marks on the page: text, filled and stroked paths, images."""


@pytest.fixture(scope="module", params=TEMPLATES)
def sample_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"tagged-{request.param}")
    result = briefgen.render(SAMPLE, out, formats=("pdf",), template=request.param)
    return result.outputs[0].path


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Dictionary]]:
    """Every structure element, depth first in reading order, with its depth."""

    def walk(node: pikepdf.Object, depth: int) -> Iterator[tuple[int, pikepdf.Dictionary]]:
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield depth, kid
                yield from walk(kid, depth + 1)

    yield from walk(pdf.Root.StructTreeRoot, 0)


def test_the_catalog_and_every_page_say_the_file_is_tagged(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        root = pdf.Root.StructTreeRoot
        assert root.K.S == "/Document"
        keys = [int(k) for k in list(root.ParentTree.Nums)[::2]]
        assert keys == sorted(set(keys))
        assert int(root.ParentTreeNextKey) > max(keys)
        for page in pdf.pages:
            assert page.obj.Tabs == "/S"
            assert int(page.obj.StructParents) in keys


def test_all_page_content_is_tagged_or_an_artifact(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            depth, marks = 0, Counter()
            open_tags: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = bytes(operator)
                if op in (b"BDC", b"BMC"):
                    open_tags.append(str(operands[0]))
                    depth += 1
                elif op == b"EMC":
                    assert open_tags, f"page {number}: EMC without a sequence to end"
                    open_tags.pop()
                    depth -= 1
                elif op in _PAINT:
                    assert open_tags, f"page {number}: {op.decode()} outside marked content"
                    marks["artifact" if "/Artifact" in open_tags else "tagged"] += 1
            assert depth == 0, f"page {number}: a marked-content sequence left open"
            assert marks["tagged"] > 0
            assert marks["artifact"] > 0


def test_every_mcid_belongs_to_the_element_the_parent_tree_names(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            owners = tree[int(page.obj.StructParents)]
            mcids = [
                int(operands[1].MCID)
                for operands, operator in pikepdf.parse_content_stream(page)
                if bytes(operator) == b"BDC" and isinstance(operands[1], pikepdf.Dictionary)
                and "/MCID" in operands[1]
            ]  # fmt: skip
            assert mcids == list(range(len(owners)))
            for mcid in mcids:
                owner = owners[mcid]
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                marked = [
                    int(k) if not isinstance(k, pikepdf.Dictionary) else int(k.get("/MCID", -1))
                    for k in kids
                    if not isinstance(k, pikepdf.Dictionary) or k.get("/Type") == "/MCR"
                ]
                assert mcid in marked


def test_links_are_link_elements_with_their_annotations(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        links = [elem for _, elem in elements(pdf) if elem.S == "/Link"]
        annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert links
        assert len(links) == len(annots)
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for annot in annots:
            assert str(annot.Contents)  # what a screen reader says for the link
            assert int(annot.F) & 4  # printed
            owner = tree[int(annot.StructParent)]
            assert owner.S == "/Link"
            assert owner.K.Type == "/OBJR"
            assert owner.K.Obj.objgen == annot.objgen


def test_headings_tables_lists_and_notes_have_their_standard_elements() -> None:
    # The writer's test document holds every kind of block.
    data = render_pdf(sample_document(), default_style())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kinds = [str(elem.S)[1:] for _, elem in elements(pdf)]
        headings = [k for k in kinds if k[0] == "H" and k[1:].isdigit()]
        assert headings[0] == "H1"
        levels = [int(h[1:]) for h in headings]
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # none skipped
        for kind in ("L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Note", "P"):
            assert kind in kinds, kind
        for _, elem in elements(pdf):
            if elem.S == "/TH":
                assert elem.A.Scope == "/Column"
            if elem.S == "/Note":
                assert str(elem.ID).startswith("note-")


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_a_reader_of_the_structure_reads_the_brief_in_the_order_it_is_printed(
    sample_pdf: Path,
) -> None:
    def run(*command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    structure = run("pdfinfo", "-struct-text", str(sample_pdf))
    printed = run("pdftotext", str(sample_pdf), "-")  # one column: top to bottom
    snippets = [
        "A new U.S.–Russia reset is impossible",  # the bottom line
        "Decouple decisions on Ukraine",  # a recommendation
        "Keeping engagement in view is the",  # the last counterpoint
        "Commission planning for relations",  # the last recommendation
    ]
    assert all(snippet in structure for snippet in snippets)
    assert sorted(snippets, key=structure.find) == sorted(snippets, key=printed.find)


def test_the_xmp_says_what_the_info_dictionary_says_and_claims_pdf_ua(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        info = pdf.docinfo
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Keywords"] == str(info.Keywords)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["pdfuaid:part"] == "1"
        created = str(info.CreationDate)  # D:YYYYMMDDHHMMSS+00'00'
        assert (
            meta["xmp:CreateDate"].replace("-", "").replace(":", "").replace("T", "")[:14]
            == created[2:16]
        )


def test_a_table_header_repeated_on_the_next_page_is_read_once() -> None:
    rows = tuple(((Text(f"Row {n} left"),), (Text(f"Row {n} right"),)) for n in range(120))
    table = Table(header=((Text("Left"),), (Text("Right"),)), rows=rows)
    doc = Document(meta=sample_document().meta, blocks=(table,))
    pdf = pikepdf.open(io.BytesIO(render_pdf(doc, default_style())))
    assert len(pdf.pages) > 1
    heads = [elem for _, elem in elements(pdf) if elem.S == "/TH"]
    assert len(heads) == 2
    for elem in heads:  # each header cell is content once: on the first page only
        assert not isinstance(elem.K, pikepdf.Array)
    second = list(pikepdf.parse_content_stream(pdf.pages[1]))
    assert any(
        bytes(op) == b"BDC" and str(operands[0]) == "/Artifact"
        and isinstance(operands[1], pikepdf.Dictionary)
        and operands[1].get("/Type") == "/Pagination"
        for operands, op in second
    )  # fmt: skip


def test_the_independent_pdf_ua_checker_finds_nothing(sample_pdf: Path) -> None:
    # pdfua (PyPI): the machine-checkable PDF/UA-1 rules it implements.
    pdfua = shutil.which("pdfua", path=str(Path(sys.executable).parent))
    assert pdfua is not None, "pdfua is a dev dependency"
    run = subprocess.run(
        [pdfua, "check", str(sample_pdf)], check=False, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_the_structure_keeps_the_space_where_a_line_was_broken(sample_pdf: Path) -> None:
    # A reader of the structure reads the marked text as it is: without the space the
    # line break stood for, "the" / "interests" would come out as "theinterests".
    def run(*command: str) -> str:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def words(text: str) -> list[str]:
        return re.findall(r"\w[\w’'.-]*\w|\w", text)

    # Spaced by position; a word hyphenated at a line end is one word (a soft hyphen), and
    # so is a compound broken after its own hyphen ("anti-" / "Westernism").
    printed_text = unbreak(run("pdftotext", str(sample_pdf), "-"))
    printed = set(words(re.sub(r"(?<=\w)-\n\s*(?=\w)", "-", printed_text)))
    structure = run("pdfinfo", "-struct-text", str(sample_pdf))
    marked = "\n".join(re.findall(r'^\s*"(.*)"\s*$', structure, re.MULTILINE))
    assert len(marked) > 1000
    # (pdftotext takes a hyphen that ends a line for a hyphenation and drops it: it
    # prints "antiWesternism" where the structure rightly says "anti-Westernism")
    run_together = [
        w for w in words(marked) if w not in printed and w.replace("-", "") not in printed
    ]
    assert run_together == []


def test_the_brief_s_language_is_the_document_language_of_both_files(
    edit_brief: Callable[[str, str], Path], tmp_path: Path
) -> None:
    brief = edit_brief(
        "  title: No Reset Without a Reset Inside Russia",
        "  language: fr-CA\n  title: No Reset Without a Reset Inside Russia",
    )
    outputs = {o.path.suffix: o.path for o in briefgen.render(brief, tmp_path).outputs}
    with pikepdf.open(outputs[".pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "fr-CA"
        assert set(pdf.open_metadata()["dc:language"]) == {"fr-CA"}
    with zipfile.ZipFile(outputs[".docx"]) as package:
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert set(re.findall(r'<w:lang w:val="([^"]+)"', styles)) == {"fr-CA"}
    assert 'w:themeFontLang w:val="fr-CA"' in settings


def test_a_language_that_is_no_bcp_47_tag_is_refused_at_its_line(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief(
        "  title: No Reset Without a Reset Inside Russia",
        "  language: French!\n  title: No Reset Without a Reset Inside Russia",
    )
    assert main(["validate", str(brief)]) == 2
    err = capsys.readouterr().err
    line = line_of(brief, "language:")
    assert err == (
        f"{brief}:{line} brief.language: should be a BCP 47 language tag such as en, fr or de-CH\n"
    )
