"""Notes set at the end of the PDF, under the template's notes heading, each a numbered
paragraph that the references in the text link to.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from briefgen.tree import Note, Para
from briefgen.writers.pdf.markup import anchor_markup, escape_text, inline_markup
from briefgen.writers.pdf.story import Ctx, Story


def add_notes(story: Story, flows: list[Flowable]) -> None:
    """The notes after the body: a small section under the template's notes heading,
    each note a numbered paragraph."""
    s = story.state
    label, anchor = s.style.notes.heading, story.doc.notes_anchor
    title = Paragraph(anchor_markup(anchor) + escape_text(label), s.styles.headings[2])
    s.outline.add(label, anchor, 2)
    story.place(flows, [title], heading=True)
    ctx = Ctx(para=s.styles.note, width=s.frame_width)
    for note in story.doc.notes:
        story.place(flows, _note(story, note, ctx), heading=False)


def _note(story: Story, note: Note, ctx: Ctx) -> list[Flowable]:
    label = anchor_markup(note.anchor) + f"{note.number}.\u2002"
    first, rest = (note.children[0], note.children[1:]) if note.children else (None, ())
    if isinstance(first, Para):
        flows: list[Flowable] = [
            Paragraph(label + inline_markup(first.children, story.state.markup), ctx.para)
        ]
    else:
        flows = [Paragraph(label, ctx.para)]
        rest = note.children
    flows.extend(story.blocks(rest, ctx))
    return flows
