"""Footnotes at the foot of the page, as Word sets them in the DOCX.

Each note stands on the page where its first reference falls: under a short rule, at the
bottom of the body's frame (so above the footer), numbered as in the text.  The frame
(:class:`FootnoteFrame`) keeps room for the notes of what it has placed on the page, so a
page never overflows because of its notes: a block whose notes do not fit with it is
split before the line that carries the reference, and that line goes to the next page
with its note.

A reference is found where reportlab keeps it, on the link of a paragraph's words (or of
its fragments, before it is broken into lines): ``#note-3`` calls note 3.  Tables, lists
and panels are searched for the paragraphs they hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from reportlab.platypus import Flowable, Frame, Paragraph

from briefgen.writers.pdf.tagging import artifact

RULE_WIDTH_SHARE = 0.3
"""The rule over the notes: this share of the frame's width (Word draws about 2 inches)."""


class FootnoteArea:
    """The notes of one page: which are placed, the room they take, drawing them."""

    def __init__(
        self,
        notes: Mapping[str, Sequence[Flowable]],
        *,
        width: float,
        gap: float,
        rule_colour: Any,
    ) -> None:
        self._notes = notes
        """Each note's flowables, by the anchor its references link to."""
        self._width = width
        self._gap = gap
        """Room above the rule (from the text) and below it (to the first note)."""
        self._rule_colour = rule_colour
        self._heights: dict[str, float] = {}
        self.placed: list[str] = []
        """The notes of the page being laid out, in the order of their references."""
        self.reserved = 0.0
        """The room the placed notes take, with the rule over them."""

    def __deepcopy__(self, memo: dict[int, Any]) -> FootnoteArea:
        # reportlab deep-copies the frame to measure a list of flowables; the copy
        # measures, it never places notes, so it shares the one area (and its notes).
        return self

    def _height(self, anchor: str) -> float:
        if anchor not in self._heights:
            height = 0.0
            for index, flowable in enumerate(self._notes[anchor]):
                height += flowable.wrap(self._width, 1e6)[1] + flowable.getSpaceAfter()
                if index:
                    height += flowable.getSpaceBefore()
            self._heights[anchor] = height
        return self._heights[anchor]

    def new(self, anchors: Iterator[str]) -> list[str]:
        """The notes among ``anchors`` that this page does not hold yet, once each."""
        found: list[str] = []
        for anchor in anchors:
            if anchor in self._notes and anchor not in self.placed and anchor not in found:
                found.append(anchor)
        return found

    def room(self, anchors: Sequence[str]) -> float:
        """The height the notes ``anchors`` would add to the page, with the rule over
        them when the page has no note yet."""
        if not anchors:
            return 0.0
        rule = 0.0 if self.placed else 2 * self._gap
        return rule + sum(self._height(anchor) for anchor in anchors)

    def place(self, anchors: Sequence[str]) -> None:
        """The notes ``anchors`` stand on this page."""
        self.reserved += self.room(anchors)
        self.placed.extend(anchors)

    def draw(self, canvas: Any, frame: Frame) -> None:
        """Draw the page's notes at the foot of ``frame``, then start the next page empty."""
        if not self.placed:
            return
        x = frame.x1 + frame.leftPadding
        top = frame.y1 + frame.bottomPadding + self.reserved
        rule_y = top - self._gap
        canvas.saveState()
        with artifact(canvas):
            canvas.setStrokeColor(self._rule_colour)
            canvas.setLineWidth(0.5)
            canvas.line(x, rule_y, x + self._width * RULE_WIDTH_SHARE, rule_y)
        canvas.restoreState()
        y = rule_y - self._gap
        for anchor in self.placed:
            for index, flowable in enumerate(self._notes[anchor]):
                if index:
                    y -= flowable.getSpaceBefore()
                _, height = flowable.wrap(self._width, 1e6)
                y -= height
                flowable.drawOn(canvas, x, y)
                y -= flowable.getSpaceAfter()
        self.placed, self.reserved = [], 0.0


class FootnoteFrame(Frame):
    """A frame that keeps room at its foot for the notes of what it has placed."""

    def __init__(self, *args: Any, area: FootnoteArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area = area

    def _lift(self, extra: float) -> None:
        """Move the frame's usable bottom up over the placed notes and ``extra`` more."""
        self._y1p = self.y1 + self.bottomPadding + self.area.reserved + extra

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> Literal[0, 1]:
        new = self.area.new(references(flowable))
        self._lift(self.area.room(new))
        try:
            done = super().add(flowable, canv, trySplit)
        finally:
            self._lift(0.0)
        if done:
            self.area.place(new)
            self._lift(0.0)
        return done

    def split(self, flowable: Flowable, canv: Any) -> list[Flowable]:
        """Split ``flowable`` so that its first part fits with the notes it calls: with
        less room each time the part's notes take more than was left for them."""
        extra = 0.0
        try:
            for _ in range(8):
                self._lift(extra)
                parts: list[Flowable] = super().split(flowable, canv)
                if not parts:
                    return []
                need = self.area.room(self.area.new(references(parts[0])))
                if need <= extra:
                    return parts
                extra = need
            return []  # notes that never fit beside any part: all to the next page
        finally:
            self._lift(0.0)


_HOLDERS = ("_cellvalues", "_content", "_list_content", "_flowables", "_flowable")
"""Where reportlab's containers keep what they hold: a table its cells, KeepTogether
its content, a list its indented items (or, before it is laid out, its flowables), an
indenter or list item what it indents."""


def references(flowable: Any) -> Iterator[str]:
    """The anchors that the links in ``flowable`` lead to, in reading order."""
    stack = [flowable]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(reversed(item))
        elif isinstance(item, Paragraph):
            yield from _paragraph_links(item)
        elif isinstance(item, Flowable):
            # Containers, as reportlab keeps what they hold (vars: never the delegation
            # of an indenter's __getattr__ to its content).
            held = vars(item)
            for name in _HOLDERS:
                if name in held:
                    stack.append(held[name])
                    break


def _paragraph_links(paragraph: Paragraph) -> Iterator[str]:
    """Link targets of a paragraph: on its lines' fragments once it is broken into lines,
    else on its fragments, which in the later part of a split paragraph are words (a
    width, then (fragment, text) pairs)."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    if lines is not None:
        pieces: Iterator[Any] = (word for line in lines for word in getattr(line, "words", ()))
    else:
        pieces = iter(getattr(paragraph, "frags", ()))
    for piece in pieces:
        frags = [part[0] for part in piece[1:]] if isinstance(piece, list) else [piece]
        for frag in frags:
            for link in getattr(frag, "link", None) or ():
                target = link[1] if isinstance(link, tuple) else link
                if isinstance(target, str) and target.startswith("#"):
                    yield target[1:]
