"""Endnotes: the notes set at the end of the PDF, under the template's notes heading,
each a numbered paragraph that the references in the text link to (when the template
asks for them; footnotes are the frame's, in footnotes.py).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from briefgen.writers.pdf.flowables import RuledParagraph
from briefgen.writers.pdf.markup import anchor_markup, escape_text
from briefgen.writers.pdf.story import Ctx, Story
from briefgen.writers.pdf.styles import colour


def add_endnotes(story: Story, flows: list[Flowable]) -> None:
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
        story.place(flows, story.note(note, ctx), heading=False)
