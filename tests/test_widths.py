"""How wide a line of extracted text was set: in characters for a typed text, in a
proportional face's widths for text a PDF was set in (:mod:`briefgen.ingest.clean.widths`)."""

from __future__ import annotations

import textwrap

from PIL import ImageFont
from prose import PARAGRAPHS

from briefgen.ingest.clean.lines import split_lines
from briefgen.ingest.clean.paragraphs import kept_lines, layout_of
from briefgen.ingest.clean.widths import characters
from briefgen.style import FONTS_DIR


def wrapped_in(face: str, width: float) -> list[str]:
    """The prose wrapped greedily at ``width`` thousandths of an em in ``face``, as a
    typesetter breaks lines: a word goes to the next line only when it does not fit."""
    font = ImageFont.truetype(str(FONTS_DIR / face), 1000)
    lines: list[str] = []
    for paragraph in PARAGRAPHS:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and font.getlength(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def width_of_text(lines: list[str]):
    return layout_of(kept_lines(split_lines("\n".join(lines)))).width


def test_a_typed_text_is_measured_in_characters() -> None:
    lines = [line for text in PARAGRAPHS for line in textwrap.wrap(text, 72)]
    assert width_of_text(lines) is characters


def spread(measure, lines: list[str]) -> float:
    """How far apart the widest and narrowest of ``lines`` are, against the widest."""
    widths = [measure(line) for line in lines]
    return (max(widths) - min(widths)) / max(widths)


def test_text_set_in_a_proportional_face_is_measured_in_one() -> None:
    for face in ("NotoSans-Regular.ttf", "NotoSerif-Regular.ttf", "NotoSans-Bold.ttf"):
        lines = wrapped_in(face, 30_000)
        width = width_of_text(lines)
        assert width is not characters, face
        # Its full lines agree closer in the face's widths than in their lengths.
        full = [line for line in lines if not line.endswith(".")]
        assert spread(width, full) < spread(characters, full), face


def test_a_text_not_wrapped_at_a_measure_is_left_in_characters() -> None:
    # A paragraph per line, as a web page's text comes.
    assert width_of_text(list(PARAGRAPHS)) is characters
