"""Inlines → reportlab paragraph markup.

reportlab's ``Paragraph`` parses its text as a small XML dialect (``<b>``, ``<a href>``,
``<super>``, ``<br/>``), so every piece of literal text is escaped on its way in: a brief
that says ``AT&T <b>`` or ``</para>`` prints exactly that.  Characters XML forbids never
reach this module: the tree drops them from every node as it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from typing_extensions import assert_never

from briefgen.tree import Del, Emph, Inline, Ins, LineBreak, Link, NoteRef, Strong, Text, leaves

INSERTED = "#1a6b35"
"""A redline's inserted text: green, underlined (7:1 against white, as WCAG AAA asks)."""
DELETED = "#b3261e"
"""A redline's deleted text: red, struck through (6:1 against white)."""


def escape_text(text: str) -> str:
    """Literal text as paragraph markup: &, < and > escaped; a narrow no-break space as a
    no-break space, since reportlab breaks lines at U+202F (the French « », "Qui :")."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\u202f", "\u00a0")


def escape_attr(value: str) -> str:
    """A value for a double-quoted attribute (the parser unescapes entities in it)."""
    return escape_text(value).replace('"', "&quot;")


@dataclass(frozen=True, slots=True)
class MarkupContext:
    """What inline markup needs to know about the document it sits in."""

    link_colour: str
    """``#rrggbb`` for link text."""
    anchors: frozenset[str]
    """Destinations that exist (heading anchors, note anchors): a link to any other
    would make reportlab fail at save time, so such a link prints as plain text."""
    notes: frozenset[int]
    """Numbers of the notes that exist; a reference to another is an unlinked number."""


def inline_markup(inlines: tuple[Inline, ...], ctx: MarkupContext) -> str:
    """The paragraph markup for some inlines."""
    return "".join(_inline(node, ctx) for node in inlines)


def anchor_markup(name: str) -> str:
    """An invisible named destination at the start of a paragraph."""
    return f'<a name="{escape_attr(name)}"/>'


def _inline(node: Inline, ctx: MarkupContext) -> str:
    match node:
        case Text(text=text):
            return escape_text(text)
        case Emph(children=kids):
            return f"<i>{inline_markup(kids, ctx)}</i>"
        case Strong(children=kids):
            return f"<b>{inline_markup(kids, ctx)}</b>"
        case Link(children=kids):
            return _link(node, inline_markup(kids, ctx), ctx)
        case NoteRef(number=number):
            mark = f"<super>{number}</super>"
            if number not in ctx.notes:
                return mark
            return f'<a href="#{escape_attr(node.anchor)}" color="{ctx.link_colour}">{mark}</a>'
        case LineBreak():
            return "<br/>"
        case Ins(children=kids):
            inner = inline_markup(kids, ctx)
            return f'<font color="{INSERTED}"><u color="{INSERTED}">{inner}</u></font>'
        case Del(children=kids):
            inner = inline_markup(kids, ctx)
            return f'<font color="{DELETED}"><strike color="{DELETED}">{inner}</strike></font>'
        case _:
            assert_never(node)


def _link(link: Link, inner: str, ctx: MarkupContext) -> str:
    if link.external:
        target = link.url
        underline = ' underline="1"'
    elif link.anchor is not None and link.anchor in ctx.anchors:
        target = link.url
        underline = ""
    else:
        # A missing destination would make reportlab fail at save time; another scheme
        # (javascript:, file:, pdf:, a GoToR action to reportlab) prints as plain text.
        return inner
    return f'<a href="{escape_attr(target)}" color="{ctx.link_colour}"{underline}>{inner}</a>'


def _kept(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The inlines without a redline's deleted words, wherever they stand."""
    out: list[Inline] = []
    for node in inlines:
        match node:
            case Del():
                pass
            case (
                Emph(children=kids)
                | Strong(children=kids)
                | Link(children=kids)
                | Ins(children=kids)
            ):
                out.append(replace(node, children=_kept(kids)))
            case Text() | NoteRef() | LineBreak():
                out.append(node)
            case _:
                assert_never(node)
    return tuple(out)


def outline_text(inlines: tuple[Inline, ...]) -> str:
    """The plain text of a heading for the PDF outline: note references and a redline's
    deleted words left out."""
    parts: list[str] = []
    for leaf in leaves(_kept(inlines)):
        match leaf:
            case Text(text=text):
                parts.append(text)
            case NoteRef():
                pass
            case LineBreak():
                parts.append(" ")
            case _:
                assert_never(leaf)
    return " ".join("".join(parts).split())
