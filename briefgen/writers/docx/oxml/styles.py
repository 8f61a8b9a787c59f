"""``w:style`` elements, installed over the template's; ``w:docDefaults``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from docx.oxml.ns import qn

from briefgen.writers.docx.oxml.element import Element, el, sub
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps, ppr, rpr


def style(
    kind: Literal["paragraph", "character"],
    style_id: str,
    name: str,
    *,
    para: ParaProps | None = None,
    run: RunProps | None = None,
    based_on: str | None = None,
    next_style: str | None = None,
    priority: int | None = None,
    quick: bool = False,
    default: bool = False,
) -> Element:
    """A complete ``w:style`` element (it replaces any template style of that id)."""
    s = el("w:style", type=kind, styleId=style_id)
    if default:
        s.set(qn("w:default"), "1")
    sub(s, "w:name", val=name)
    if based_on:
        sub(s, "w:basedOn", val=based_on)
    if next_style:
        sub(s, "w:next", val=next_style)
    if priority is not None:
        sub(s, "w:uiPriority", val=priority)
    if quick:
        sub(s, "w:qFormat")
    if para is not None and (pr := ppr(para)) is not None:
        s.append(pr)
    if run is not None and (rr := rpr(run)) is not None:
        s.append(rr)
    return s


def install_styles(styles: Element, new: Iterable[Element]) -> None:
    """Put ``new`` styles into ``styles``, replacing template styles with the same ids."""
    existing = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    replaced: set[str] = set()
    for s in new:
        style_id = s.get(qn("w:styleId"))
        old = existing.get(style_id)
        if old is not None:
            old.getparent().replace(old, s)
            replaced.add(style_id)
        else:
            styles.append(s)
    # The template's linked character styles ("Heading 1 Char", theme fonts and all) would
    # point at styles that no longer link back: drop them.
    for s in list(styles.iter(qn("w:style"))):
        link = s.find(qn("w:link"))
        if link is not None and link.get(qn("w:val")) in replaced:
            styles.remove(s)


def set_doc_defaults(styles: Element, *, font: str, size: float, lang: str) -> None:
    """``w:docDefaults``: the body font on all four script slots, its size and language."""
    old = styles.find(qn("w:docDefaults"))
    defaults = el("w:docDefaults")
    run = sub(sub(defaults, "w:rPrDefault"), "w:rPr")
    sub(run, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    sub(run, "w:sz", val=round(size * 2))
    sub(run, "w:szCs", val=round(size * 2))
    sub(run, "w:lang", val=lang)
    para = sub(sub(defaults, "w:pPrDefault"), "w:pPr")
    sub(para, "w:spacing", after=0, line=240, lineRule="auto")
    if old is not None:
        styles.replace(old, defaults)
    else:
        styles.insert(0, defaults)


def drop_table_styles(styles: Element) -> None:
    """Remove the template's table styles but the default one: python-docx's template
    carries 100-odd (Light Shading Accent 1 and kin), nine tenths of styles.xml, that no
    brief uses.  Word keeps their definitions itself (the latent styles stay) and adds
    one back when a user picks it."""
    for s in list(styles.iter(qn("w:style"))):
        if s.get(qn("w:type")) == "table" and s.get(qn("w:default")) not in ("1", "true"):
            styles.remove(s)
