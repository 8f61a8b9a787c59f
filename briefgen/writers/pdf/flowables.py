"""briefgen's own flowables: a heading with a rule under it, a guard that keeps a heading
with the start of what follows, and a one-cell panel for quotes and boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from briefgen.writers.pdf.styles import RULE_GAP, colour


class RuledParagraph(Paragraph):
    """A paragraph with a thin full-width rule under it (the DOCX's bottom border)."""

    def __init__(self, text: str, style: ParagraphStyle, colour: colors.Color) -> None:
        super().__init__(text, style)
        self._rule_colour = colour

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self._rule_colour)
        canvas.setLineWidth(0.5)
        canvas.line(0, -RULE_GAP, self.width, -RULE_GAP)
        canvas.restoreState()


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
        if availHeight >= self._page - 0.01:
            return 0, 0  # a fresh page is as good as it gets
        need = 0.0
        for f in self._keep:
            need += f.getSpaceBefore() + f.wrapOn(self.canv, availWidth, availHeight)[1]
            need += f.getSpaceAfter()
        if self._then is not None:
            h = self._then.wrapOn(self.canv, availWidth, availHeight)[1]
            need += self._then.getSpaceBefore() + min(h, self._follow)
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
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule_width, colour(rule)))
    return Table(
        [[flows]],
        colWidths=[width - rule_width / 2],
        hAlign="RIGHT",
        splitInRow=1,
        style=TableStyle(commands),
    )
