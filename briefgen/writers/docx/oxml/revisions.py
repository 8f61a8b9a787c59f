"""Tracked changes (ECMA-376 Part 1, 17.13.5): ``w:ins`` and ``w:del`` around runs, on a
paragraph's mark and on a table row, each with an id, an author and a date."""

from __future__ import annotations

from docx.oxml.ns import qn

from briefgen.writers.docx.oxml.element import Element, el, sub

TAGS = {"inserted": "w:ins", "deleted": "w:del"}


def tracked(kind: str, change_id: int, author: str, date: str) -> Element:
    """An empty ``w:ins`` (``kind`` "inserted") or ``w:del`` ("deleted") for runs."""
    return el(TAGS[kind], id=change_id, author=author, date=date)


def deleted_text(container: Element) -> None:
    """Turn the text of the runs in a ``w:del`` into ``w:delText``, as Word requires."""
    for t in container.iter(qn("w:t")):
        t.tag = qn("w:delText")
    for code in container.iter(qn("w:instrText")):
        code.tag = qn("w:delInstrText")


def mark_paragraph(p: Element, kind: str, change_id: int, author: str, date: str) -> None:
    """Track the paragraph's own mark: an inserted paragraph vanishes when its insertion is
    rejected, a deleted one joins the next when its deletion is accepted."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = sub(ppr, "w:rPr")  # last in pPr, as CT_PPr orders it (before sectPr/pPrChange)
    rpr.append(tracked(kind, change_id, author, date))


def is_tracked(p: Element) -> bool:
    """Whether a paragraph's mark is already tracked as inserted or deleted."""
    rpr = p.find(qn("w:pPr") + "/" + qn("w:rPr"))
    return rpr is not None and any(rpr.find(qn(tag)) is not None for tag in TAGS.values())


def mark_row(tr: Element, kind: str, change_id: int, author: str, date: str) -> None:
    """Track a whole table row as inserted or deleted (``w:trPr/w:ins|w:del``)."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = el("w:trPr")
        tblpr = tr.find(qn("w:tblPrEx"))
        tr.insert(0 if tblpr is None else 1, trpr)
    trpr.append(tracked(kind, change_id, author, date))
