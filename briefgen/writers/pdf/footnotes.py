"""Footnotes at the foot of the page, as Word sets them in the DOCX.

Each note stands on the page where its first reference falls: under a short rule, at the
bottom of the body's frame (so above the footer), numbered as in the text.  The frame
(:class:`FootnoteFrame`) keeps room for the notes of what it has placed on the page, so a
page never overflows because of its notes: a block whose notes do not fit with it is
split before the line that carries the reference, and that line goes to the next page
with its note.  Notes take at most half a page: what of a long note does not fit goes
on under the next page's rule, before that page's own notes (:class:`DrainNotes` adds
pages at the end while some is left).

A reference is found where reportlab keeps it, on the link of a paragraph's words (or of
its fragments, before it is broken into lines): ``#note-3`` calls note 3.  Tables, lists
and panels are searched for the paragraphs they hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from reportlab.platypus import Flowable, Frame, PageBreak, Paragraph

from briefgen.writers.pdf.tagging import artifact

RULE_WIDTH_SHARE = 0.3
"""The rule over the notes: this share of the frame's width (Word draws about 2 inches)."""

MOST_SHARE = 0.5
"""The most of a page its notes may take; a note that would take more goes on under
the notes of the next page (as Word continues a long footnote)."""


class FootnoteArea:
    """The notes of one page: which are placed, the room they take, drawing them, and
    what of a long note goes on to the next page."""

    def __init__(
        self,
        notes: Mapping[str, Sequence[Flowable]],
        *,
        width: float,
        height: float,
        gap: float,
        rule_colour: Any,
    ) -> None:
        self._notes = notes
        """Each note's flowables, by the anchor its references link to."""
        self._width = width
        self._most = height * MOST_SHARE
        self._gap = gap
        """Room above the rule (from the text) and below it (to the first note)."""
        self._rule_colour = rule_colour
        self._heights: dict[Flowable, float] = {}
        """Measured heights, by the flowable itself (held, so no other takes its id)."""
        self.placed: list[str] = []
        """The notes cited on the page being laid out, in the order of their references."""
        self._ever: set[str] = set()
        """Every note placed so far: a note stands once, where it is first cited."""
        self._flows: list[Flowable] = []
        """What the page's note area draws."""
        self.reserved = 0.0
        """The room ``_flows`` take, with the rule over them."""
        self.carry: list[Flowable] = []
        """What goes on to the next page's notes (the rest of a note too long for this one)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> FootnoteArea:
        # reportlab deep-copies the frame to measure a list of flowables; the copy
        # measures, it never places notes, so it shares the one area (and its notes).
        return self

    def _size(self, flowable: Flowable) -> float:
        """A note flowable's height with the space after it."""
        if flowable not in self._heights:
            height = flowable.wrap(self._width, 1e6)[1] + flowable.getSpaceAfter()
            self._heights[flowable] = height
        return self._heights[flowable]

    def new(self, anchors: Iterator[str]) -> list[str]:
        """The notes among ``anchors`` that this page does not hold yet, once each."""
        found: list[str] = []
        for anchor in anchors:
            if anchor in self._notes and anchor not in self._ever and anchor not in found:
                found.append(anchor)
        return found

    def unplaced(self) -> list[str]:
        """The notes no page has taken (cited where no reference was found): they go
        at the end rather than be lost."""
        return [anchor for anchor in self._notes if anchor not in self._ever]

    def room(self, anchors: Sequence[str]) -> float:
        """The most the notes ``anchors`` (and the notes they cite) would add to the
        page: their height, with the rule over them when the page has none yet, within
        the page's share for notes."""
        if not anchors or self.carry:
            return 0.0  # after a note that goes on, every later one goes on with it
        first = not self._flows
        natural = 2 * self._gap if first else 0.0
        for anchor in self._with_cited(anchors):
            for flowable in self._notes[anchor]:
                natural += self._size(flowable) + (0.0 if first else flowable.getSpaceBefore())
                first = False
        return min(natural, max(0.0, self._most - self.reserved))

    def place(self, anchors: Sequence[str]) -> None:
        """The notes ``anchors`` are cited on this page: set what fits, carry the rest.
        A note that a note cites follows it."""
        flows: list[Flowable] = []
        for anchor in self._with_cited(anchors):
            self._ever.add(anchor)
            self.placed.append(anchor)
            flows.extend(self._notes[anchor])
        self._fill(flows)

    def _with_cited(self, anchors: Sequence[str]) -> list[str]:
        """``anchors`` not yet placed, each followed by the unplaced notes it cites."""
        found: list[str] = []
        queue = list(anchors)
        while queue:
            anchor = queue.pop(0)
            if anchor in self._ever or anchor in found or anchor not in self._notes:
                continue
            found.append(anchor)
            queue[0:0] = list(references(list(self._notes[anchor])))
        return found

    def _fill(self, flows: Sequence[Flowable]) -> None:
        for flowable in flows:
            if self.carry:
                self.carry.append(flowable)
                continue
            rule = 0.0 if self._flows else 2 * self._gap
            before = flowable.getSpaceBefore() if self._flows else 0.0
            left = self._most - self.reserved - rule - before
            if self._size(flowable) <= left:
                self._flows.append(flowable)
                self.reserved += rule + before + self._size(flowable)
                continue
            parts = flowable.split(self._width, left) if left > 0 else []
            if len(parts) < 2:
                self.carry.append(flowable)  # nothing of it fits: all on the next page
                continue
            self._flows.append(parts[0])
            self.reserved += rule + before + self._size(parts[0])
            self.carry.extend(parts[1:])

    def draw(self, canvas: Any, frame: Frame) -> None:
        """Draw the page's notes at the foot of ``frame``; the next page starts with
        what goes on from them."""
        if self._flows:
            x = frame.x1 + frame.leftPadding
            rule_y = frame.y1 + frame.bottomPadding + self.reserved - self._gap
            canvas.saveState()
            with artifact(canvas):
                canvas.setStrokeColor(self._rule_colour)
                canvas.setLineWidth(0.5)
                canvas.line(x, rule_y, x + self._width * RULE_WIDTH_SHARE, rule_y)
            canvas.restoreState()
            y = rule_y - self._gap
            for index, flowable in enumerate(self._flows):
                if index:
                    y -= flowable.getSpaceBefore()
                _, height = flowable.wrap(self._width, 1e6)
                y -= height
                flowable.drawOn(canvas, x, y)
                y -= flowable.getSpaceAfter()
        carried, self.carry = self.carry, []
        self.placed, self._flows, self.reserved = [], [], 0.0
        self._fill(carried)


class DrainNotes(Flowable):
    """The story's last flowable: a page more, and another, while a note goes on."""

    def __init__(self, area: FootnoteArea) -> None:
        super().__init__()
        self._area = area

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        missed = self._area.unplaced()
        if missed:  # never lose a note: set it on this last page (or the pages it needs)
            self._area.place(missed)
        return 0.0, 0.0

    def draw(self) -> None:
        if self._area.carry:  # what this page's notes could not hold needs a page
            frame = vars(self)["_frame"]  # the frame drawing it (reportlab sets it)
            frame.add_generated_content(PageBreak(), DrainNotes(self._area))


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
                if held.get(name) is not None:  # a list not laid out has no _list_content
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
