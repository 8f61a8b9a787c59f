"""briefgen's own flowables: a paragraph tied to its structure element, a heading with a
rule under it, a guard that keeps a heading with the start of what follows, a list whose
bullets are labels, and a one-cell panel for quotes and boxes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, ListFlowable, Paragraph, Table, TableStyle
from reportlab.platypus.tables import TableRenderCB

from briefgen.writers.pdf.markup import DELETED, INSERTED
from briefgen.writers.pdf.styles import RULE_GAP, colour
from briefgen.writers.pdf.tagging import Node, artifact, tagger_of


class TaggedParagraph(Paragraph):
    """A paragraph whose text is the content of a structure element (:mod:`.tagging`).

    Drawn a second time (a table's header row repeated on the next page), it is a
    pagination artifact: a reader reads the header once."""

    def __init__(self, text: Any, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        self.struct: Node | None = kwargs.pop("struct", None)
        self._drawn = False
        self._wrapped: tuple[float, float] | None = None
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A paragraph's lines depend on the width alone, and platypus asks again and
        # again at one width (a heading's guard, a list or table measuring, then the
        # frame placing it): break the lines once per width.
        wrapped = self._wrapped
        # (reportlab drops the lines when it splits a paragraph: then break them again)
        if wrapped is not None and wrapped[0] == availWidth and "blPara" in vars(self):
            return availWidth, wrapped[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size[1])
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part.struct = self.struct
        return parts

    def draw(self) -> None:
        # A hyphen reportlab put at a line end is drawn as a soft hyphen (U+00AD, the
        # same glyph): the text a reader, a copy or a search gets is the word whole
        # (ISO 32000-1, 14.8.2.2.3), where a real hyphen would split it in two.
        with soft_hyphens(self):
            super().draw()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        draw = super().drawOn
        if tagger is None or self.struct is None:
            draw(canvas, x, y, _sW)  # type: ignore[call-arg]
        elif self._drawn:
            with tagger.artifact(canvas, "Pagination"):
                draw(canvas, x, y, _sW)  # type: ignore[call-arg]
        else:
            self._drawn = True
            with tagger.marked(canvas, self.struct):
                draw(canvas, x, y, _sW)  # type: ignore[call-arg]
        bar_x = getattr(canvas, "change_bar_x", None)
        if bar_x is not None:
            change_bars(self, canvas, y, bar_x)


SOFT_HYPHEN = "\u00ad"


@contextlib.contextmanager
def soft_hyphens(paragraph: Paragraph) -> Iterator[None]:
    """While drawing, the hyphens hyphenation added at line ends are soft hyphens."""
    laid: Any = getattr(paragraph, "blPara", None)
    lines = list(getattr(laid, "lines", None) or ())
    if not lines or not getattr(paragraph.style, "hyphenationLang", ""):
        yield
        return
    restore: list[tuple[Any, str]] = []
    if laid.kind == 0:
        from reportlab.platypus.paragraph import _SplitWordHY  # type: ignore[attr-defined]

        saved = laid.lines
        laid.lines = [
            (width, [_soft(w) if isinstance(w, _SplitWordHY) else w for w in words])
            for width, words in lines
        ]
        try:
            yield
        finally:
            laid.lines = saved
        return
    source = str(getattr(paragraph, "text", ""))  # the markup: every word of it whole
    for number, line in enumerate(lines[:-1]):
        frags = [f for f in getattr(line, "words", ()) if getattr(f, "text", "")]
        if not frags or not frags[-1].text.endswith("-"):
            continue
        head = frags[-1].text.split()[-1][:-1] if frags[-1].text.split() else ""
        after = [f for f in getattr(lines[number + 1], "words", ()) if getattr(f, "text", "")]
        tail = after[0].text.split()[0] if after and after[0].text.split() else ""
        if head and tail and head + tail in source and head + "-" + tail not in source:
            restore.append((frags[-1], frags[-1].text))
            frags[-1].text = frags[-1].text[:-1] + SOFT_HYPHEN
    try:
        yield
    finally:
        for frag, text in restore:
            frag.text = text


def _soft(word: str) -> str:
    return word[:-1] + SOFT_HYPHEN if word.endswith("-") else word


CHANGE_BAR = "#1d2330"
"""The colour of the bar in the margin beside a changed line."""


def changed_lines(paragraph: Paragraph) -> list[int]:
    """The lines (0 first) of a laid-out paragraph that hold a redline's inserted or
    deleted text: a fragment underlined or struck in the redline's colours."""
    laid = getattr(paragraph, "blPara", None)
    lines = getattr(laid, "lines", None) or []
    if getattr(laid, "kind", 1) == 0:
        # One style throughout: reportlab keeps plain lines, the style in the fragments.
        frags = getattr(paragraph, "frags", None) or ()
        marked = any(_marks_change(u) for frag in frags for u in getattr(frag, "us_lines", ()))
        return list(range(len(lines))) if marked else []
    found = []
    for number, line in enumerate(lines):
        words = getattr(line, "words", None) or ()
        if any(_marks_change(u) for frag in words for u in getattr(frag, "us_lines", ())):
            found.append(number)
    return found


_CHANGE_COLOURS = {colors.HexColor(INSERTED).hexval(), colors.HexColor(DELETED).hexval()}


def _marks_change(line: Any) -> bool:
    """Whether one of a fragment's underlines or strikes is a redline's."""
    hexval = getattr(line[2] if len(line) > 2 else None, "hexval", None)
    return callable(hexval) and hexval() in _CHANGE_COLOURS


def change_bars(paragraph: Paragraph, canvas: Any, y: float, bar_x: float) -> None:
    """A bar in the margin at page position ``bar_x`` beside each changed line (drawn as
    an artifact: a reader hears the change itself, not the bar)."""
    lines = changed_lines(paragraph)
    if not lines:
        return
    leading = paragraph.style.leading
    a, _b, _c, _d, e, _f = canvas._currentMatrix  # a table cell draws in its own space
    x = (bar_x - e) / (a or 1)
    top = y + paragraph.height
    with artifact(canvas, "Layout"):
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(CHANGE_BAR))
        canvas.setLineWidth(1.5)
        canvas.setLineCap(0)
        for number in lines:
            canvas.line(x, top - number * leading - 1, x, top - (number + 1) * leading + 1)
        canvas.restoreState()


class RuledParagraph(TaggedParagraph):
    """A paragraph with a thin full-width rule under it (the DOCX's bottom border)."""

    def __init__(
        self, text: Any, style: ParagraphStyle, *args: Any, colour: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(text, style, *args, **kwargs)
        self._rule_colour = colour

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part._rule_colour = self._rule_colour
        return parts

    def draw(self) -> None:
        super().draw()
        if self._rule_colour is None:
            return
        canvas = self.canv
        canvas.saveState()
        with artifact(canvas):
            canvas.setStrokeColor(self._rule_colour)
            canvas.setLineWidth(0.5)
            canvas.line(0, -RULE_GAP, self.width, -RULE_GAP)
        canvas.restoreState()


class KeptTable(Table):
    """A table with a header row that a page break never leaves with fewer than
    ``keep`` body rows (or part of one) under it: with less room, it starts on the next
    page.  A fresh page (``page``: the frame's full height) splits it wherever it must."""

    def __init__(self, *args: Any, keep: int = 2, page: float = 0.0, **kwargs: Any) -> None:
        self._keep = keep
        self._page = page
        super().__init__(*args, **kwargs)

    def least_height(self) -> float:
        """The height of the header and the rows a page must hold (after ``wrap``)."""
        heights = getattr(self, "_rowHeights", None) or []
        return float(sum(heights[: self.repeatRows + self._keep]))

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if not parts or _fresh_page(self, availHeight, self._page):
            return parts
        body = len(self._cellvalues) - self.repeatRows  # type: ignore[attr-defined]
        kept = len(parts[0]._cellvalues) - self.repeatRows
        # A row split across the break counts as less than a whole row.
        split_row = len(parts) > 1 and kept + len(parts[1]._cellvalues) - self.repeatRows > body
        if kept - split_row < min(self._keep, body):
            return []
        return parts


def _fresh_page(flowable: Flowable, available: float, page: float) -> bool:
    """Whether ``flowable`` is being placed at the top of its frame, where breaking the
    page cannot give it more room: the frame says so when it is asking (its notes at
    the foot may have taken some of the page), else a full page's height says so."""
    frame = vars(flowable).get("_frame")
    if frame is not None:
        return bool(getattr(frame, "_atTop", False))
    return available >= page - 0.01


class TableArtifacts(TableRenderCB):
    """A table's ``renderCB``: its backgrounds and rules are artifacts (its cells'
    paragraphs carry their own elements)."""

    def startBG(self, T: Table) -> None:
        _begin_artifact(T)

    def endBG(self, T: Table) -> None:
        _end_artifact(T)

    def startLines(self, T: Table) -> None:
        _begin_artifact(T)

    def endLines(self, T: Table) -> None:
        _end_artifact(T)

    def startTable(self, T: Table) -> None:
        pass

    def endTable(self, T: Table) -> None:
        pass

    def startRow(self, T: Table, rowNo: int) -> None:
        pass

    def endRow(self, T: Table) -> None:
        pass

    def startCell(self, T: Table, *args: Any) -> None:
        pass

    def endCell(self, T: Table) -> None:
        pass


def _begin_artifact(table: Table) -> None:
    tagger = tagger_of(table.canv)
    if tagger is not None:
        tagger.begin_artifact(table.canv)


def _end_artifact(table: Table) -> None:
    tagger = tagger_of(table.canv)
    if tagger is not None:
        tagger.end_artifact(table.canv)


TABLE_ARTIFACTS = TableArtifacts()


class TaggedList(ListFlowable):
    """A list whose bullets and numbers are the ``Lbl`` of their items (:mod:`.tagging`)."""

    def __init__(self, flowables: Any, *, labels: Sequence[Node | None], **kwargs: Any) -> None:
        self._labels = list(labels)
        self._made = 0
        super().__init__(flowables, **kwargs)

    def _makeBullet(self, value: Any, params: Any = None) -> Any:
        bullet = super()._makeBullet(value, params)  # type: ignore[misc]
        index, self._made = self._made, self._made + 1
        label = self._labels[index] if index < len(self._labels) else None
        return _LabelDrawer(bullet, label)


class _LabelDrawer:
    """Draws a list item's bullet as the content of its ``Lbl`` element."""

    def __init__(self, bullet: Any, label: Node | None) -> None:
        self._bullet = bullet
        self._label = label

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bullet, name)

    def drawOn(self, indenter: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        if tagger is None or self._label is None:
            self._bullet.drawOn(indenter, canvas, x, y, _sW)
            return
        with tagger.marked(canvas, self._label):
            self._bullet.drawOn(indenter, canvas, x, y, _sW)


class RoomFor(CondPageBreak):
    """Start a new page unless a heading, and the start of what follows it, fit here.

    reportlab's keepWithNext keeps a heading with the *whole* next flowable, so a heading
    over a long list or table would drag all of it to the next page and leave a hole;
    this asks only for the heading(s) and the first few lines of what comes next.
    """

    def __init__(self, heading: Sequence[Flowable], follow: float, page: float) -> None:
        super().__init__(0)
        self._keep: list[Flowable] = list(heading)
        self._then: Flowable | None = None
        self._follow = follow
        self._page = page
        """The frame's full height: with that much room, breaking cannot help."""

    def keep(self, flowables: Sequence[Flowable]) -> None:
        """A heading that follows at once must fit as well (no heading pile at a page end)."""
        self._keep.extend(flowables)

    def then(self, flowable: Flowable) -> None:
        self._then = flowable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if _fresh_page(self, availHeight, self._page):
            return 0, 0  # a fresh page is as good as it gets
        need = 0.0
        for f in self._keep:
            need += f.getSpaceBefore() + f.wrapOn(self.canv, availWidth, availHeight)[1]
            need += f.getSpaceAfter()
        if self._then is not None:
            h = self._then.wrapOn(self.canv, availWidth, availHeight)[1]
            # What follows may not break before a height of its own (a KeptTable's
            # header and first rows): the heading needs room for that much of it.
            least = getattr(self._then, "least_height", lambda: 0.0)()
            need += self._then.getSpaceBefore() + min(h, max(self._follow, least))
        self.height = need
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


def panel(
    flows: list[Flowable],
    width: float,
    *,
    fill: str | None,
    rule: str | None,
    rule_width: float,
    padding: tuple[float, float, float, float],
    font: str,
) -> Table:
    """A one-cell table: optional background, optional rule down the left edge, padding.

    The rule is drawn centred on the cell's edge, so the cell starts half a rule in from
    the text edge and the rule ends flush with it.  ``padding`` is left, right, top, bottom.
    """
    left, right, top, bottom = padding
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # not the Helvetica default (see _table)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), colour(fill)))
    if rule is not None:
        # Butt ends (cap 0): the rule stops where the box does, not half its width beyond.
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule_width, colour(rule), 0))
    return Table(
        [[flows]],
        colWidths=[width - rule_width / 2],
        hAlign="RIGHT",
        splitInRow=1,
        style=TableStyle(commands),
        renderCB=TABLE_ARTIFACTS,
    )
