"""Notes set at the end of the PDF, under the template's notes heading, each a numbered
paragraph that the references in the text link to.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from briefgen.tree import Note, Para
from briefgen.writers.pdf.flowables import RuledParagraph, TaggedParagraph
from briefgen.writers.pdf.markup import anchor_markup, escape_text, inline_markup
from briefgen.writers.pdf.story import Ctx, Story
from briefgen.writers.pdf.styles import colour


def add_notes(story: Story, flows: list[Flowable]) -> None:
    """The notes after the body: a small section under the template's notes heading,
    each note a numbered paragraph."""
    s = story.state
    label, anchor = s.style.notes.heading, story.doc.notes_anchor
    title = RuledParagraph(
        anchor_markup(anchor) + escape_text(label),
        s.styles.headings[2],
        colour=colour(s.style.colours.table_rule),
        struct=s.tagger.root.child(f"H{max(2 - s.heading_shift, 1)}"),
    )
    s.outline.add(label, anchor, 2)
    s.tagger.descriptions[anchor] = label
    story.place(flows, [title], heading=True)
    for note in story.doc.notes:
        s.tagger.descriptions[note.anchor] = f"{label}, {note.number}"
        ctx = Ctx(
            para=s.styles.note,
            width=s.frame_width,
            parent=s.tagger.root.child("Note", ident=note.anchor),
        )
        story.place(flows, _note(story, note, ctx), heading=False)


def _note(story: Story, note: Note, ctx: Ctx) -> list[Flowable]:
    label = anchor_markup(note.anchor) + f"{note.number}.\u2002"
    first, rest = (note.children[0], note.children[1:]) if note.children else (None, ())
    if isinstance(first, Para):
        text = label + inline_markup(first.children, story.state.markup)
        flows: list[Flowable] = [TaggedParagraph(text, ctx.para, struct=ctx.parent.child("P"))]
    else:
        flows = [TaggedParagraph(label, ctx.para, struct=ctx.parent.child("Lbl"))]
        rest = note.children
    flows.extend(story.blocks(rest, ctx))
    return flows
