"""Sentences of a text, by pysbd: what ``draft`` quotes and the bottom line's limit counts.

pysbd (Python Sentence Boundary Disambiguation, a port of the Pragmatic Segmenter) is
chosen over a regular expression of our own, and over syntok or NLTK's punkt, because it
is rule-based and deterministic (the same text splits the same way on every machine, with
no trained model or downloaded data), pure Python, and knows the abbreviations, ordinal
numbers and quotation rules of 22 languages: "Mr. Smith met Dr. Jones at 3 p.m. on
Jan. 5. He left." is two sentences, and so is German "Wir trafen uns am 3. Oktober in
Berlin. Dann gingen wir."  syntok was made for three languages (English, German,
Spanish); punkt's models are trained data, downloaded apart from the code.

``Segmenter.segment()`` is not used: it looks for each sentence it has rewritten (pysbd
strips them and restores some symbols its own way) from the start of the text again, and
drops one it cannot find, so " ∯. " comes back as nothing.  We take pysbd's sentences
from its processor, find where each starts in one pass, and cut the text itself there:
every piece is exactly the text as it stands, without outer whitespace, and the pieces
in order cover the text but for the whitespace between them.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

__all__ = ["ends_sentence", "pysbd_language", "split_sentences"]

DEFAULT_LANGUAGE = "en"
"""pysbd's language for a text whose language it has no rules for."""

# A line break inside a paragraph or a bottom line is a wrapped line, not a sentence end
# (pysbd ends a sentence at every one): pysbd reads a copy with spaces for them, of the
# same length, so its places are the text's places.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))

# What may end a sentence, and what may stand after that (quotes, brackets).
_TERMINALS = (".", "!", "?", "…", "‼", "⁇", "⁈", "⁉", "。", "！", "？", "।", "۔", "؟")
_CLOSERS = "\"'”’»›)]}"
# Words each side of a line end that pysbd needs to judge it: abbreviations ("U.S.",
# "a.m."), initials and ordinals look no further than the words next to the stop.
_WINDOW = 4


# pysbd's languages, by ISO 639-1 code, which is what BCP 47 uses as the primary subtag.
_PYSBD_LANGUAGES = frozenset(
    {"am", "ar", "bg", "da", "de", "el", "en", "es", "fa", "fr", "hi", "hy"}
    | {"it", "ja", "kk", "mr", "my", "nl", "pl", "ru", "sk", "ur", "zh"}
)


def pysbd_language(tag: str) -> str:
    """pysbd's language code for the BCP 47 tag ``tag`` ("de-CH" → "de", "zh-Hant-TW" → "zh").

    The primary subtag decides, in any case.  A language pysbd has no rules for ("pt-BR",
    "sv", "und", "") falls back to English (``DEFAULT_LANGUAGE``): its rules still end a
    sentence at ". ", "! " and "? " before the next one and know the Latin abbreviations
    ("e.g.", "etc.") and initials that most European languages share, so the split is
    coarse at worst, never lost.
    """
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in _PYSBD_LANGUAGES else DEFAULT_LANGUAGE


class _Processor(Protocol):
    def process(self) -> list[str]: ...


class _Segmenter(Protocol):
    """What we use of ``pysbd.Segmenter`` (pysbd ships no type information)."""

    def processor(self, text: str) -> _Processor: ...


@cache
def _segmenter(code: str) -> _Segmenter:
    """One segmenter per pysbd language, built on first use: pysbd costs 30 ms to import,
    which a command that never splits a sentence (``render --help``) should not pay."""
    from pysbd import Segmenter  # type: ignore[import-untyped]

    segmenter: _Segmenter = Segmenter(language=code, clean=False)
    return segmenter


def split_sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The sentences of ``text`` (a paragraph, a bottom line), each exactly as it stands
    without outer whitespace; a last one without a full stop counts too.

    ``language`` is a BCP 47 tag; see :func:`pysbd_language` for the languages pysbd
    lacks.  Joined with the whitespace between them the pieces are ``text`` itself.
    """
    if not text.strip():
        return []
    starts = _starts(text, language)
    ends = [*starts[1:], len(text)]
    pieces = (text[start:end].strip() for start, end in zip(starts, ends, strict=True))
    return [piece for piece in pieces if piece]


def ends_sentence(text: str, following: str = "", language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether a sentence ends at the end of ``text`` when ``following`` comes next (a
    line and the start of the next one, say): "…met Mr." before "Smith" does not, nor
    German "am 3." before "Oktober"; "…it did." before "Then" does.

    Without ``following`` a capitalised word is assumed to come next.  Only the last few
    words of ``text`` and the first few of ``following`` are read, so a call costs well
    under a millisecond, and nothing when ``text`` does not end in ., !, ?, or …
    (closing quotes and brackets aside).
    """
    tail = text.rstrip()
    if not tail.rstrip(_CLOSERS).endswith(_TERMINALS):
        return False
    before = " ".join(tail.split()[-_WINDOW:])
    after = " ".join(following.split()[:_WINDOW]) or "It"
    return len(before) + 1 in _starts(f"{before} {after}", language)


def _starts(text: str, language: str) -> list[int]:
    """Where pysbd starts a sentence in ``text``: 0 first, then ascending offsets."""
    # A fresh processor per text: Segmenter.segment() would keep the text on the cached
    # segmenter, which threads share.
    probe = text.translate(_LINE_BREAKS)
    found = _segmenter(pysbd_language(language)).processor(probe).process()
    starts = [0]
    cursor = 0
    for sentence in found:
        piece = sentence.strip()
        if not piece:
            continue
        at = probe.find(piece, cursor)
        if at < 0:
            # pysbd changed the sentence (it rejoins some symbols its own way): anchor on
            # its first word; failing that, the text up to the next sentence stays with
            # the previous one, so nothing is lost.
            head = piece.split(maxsplit=1)[0]
            at = probe.find(head, cursor)
            if at < 0:
                continue
            cursor = at + len(head)
        else:
            cursor = at + len(piece)
        if at > starts[-1]:
            starts.append(at)
    return starts
