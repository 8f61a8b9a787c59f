"""What an editor sets around the essay: a photo caption and its credit, teasers.

:func:`drop_related_articles` takes out "Related article: <headline>" lines, wherever
they stand; :func:`drop_captions` takes out the photo captions (and their credits)
among a text's pieces, wherever they stand: above the body, after the title, on page 3.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.essay import Removal
from briefgen.ingest.clean.breaks import FUNCTION_WORDS
from briefgen.ingest.clean.lines import Cut, Line, adjacent, ends_sentence
from briefgen.ingest.clean.paragraphs import Piece

_RELATED = re.compile(
    r"(?:related\s+(?:articles?|stories|story|reading|coverage|content)|read\s+(?:more|also|next)"
    # the same teaser in the languages briefgen writes: fr, de, es, it, pl, uk, ru
    r"|(?:[àa]\s+)?lire\s+(?:aussi|[ée]galement)|sur\s+le\s+m[êe]me\s+sujet"
    r"|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant"
    r"|le[ae]\s+(?:tambi[ée]n|m[áa]s)|leggi\s+(?:anche|di\s+pi[ùu])"
    r"|czytaj\s+(?:tak[żz]e|te[żz]|wi[ęe]cej)|читайте\s+(?:також|также)|дивіться\s+також"
    r"|см\.\s+также)"
    r"\s*:\s*(.*)",  # then the headline (or, on the next line, it)
    re.IGNORECASE,
)
"""A teaser for another article ("Related article:", "Lire aussi :", "Lesen Sie auch:",
"Читайте також:"), in English or a language briefgen writes briefs in."""
_RELATED_FIRST = frozenset("RrÀALSMCЧДС")
"""The letters a teaser starts with: the quick test before the pattern (in the other
languages a teaser is a line of its own, capitalised, not a wrapped line of prose)."""


def drop_related_articles(lines: Sequence[Line]) -> list[Cut]:
    """A "Related article: <headline>" teaser belongs to the web page, not the essay.

    When the label stands alone, the headline is on the next line and goes with it.
    """
    cuts: list[Cut] = []
    stop = 0
    for i in [i for i, line in enumerate(lines) if line.text[:1] in _RELATED_FIRST]:
        match = None if i < stop else _RELATED.match(lines[i].text)
        if not match:
            continue
        stop = i + 2 if not match.group(1) and adjacent(lines, i + 1) else i + 1
        text = " ".join(line.text for line in lines[i:stop])
        cuts.append(Cut(i, stop, Removal("related-article", text, lines[i].number)))
    return cuts


# What a picture is labelled with in English ("Photo:", "Illustration by", "Credits:"),
# wherever it stands in a short piece that ends no sentence.
_PICTURE = r"(?:photo(?:graph)?|image|picture|illustration|drawing|painting|graphic|cartoon)"
_CAPTION_LABEL = re.compile(
    rf"(?:(?:{_PICTURE}|caption|credit)s?\s*:|{_PICTURE}\s+by\b)",
    re.IGNORECASE,
)
# The same label in the other languages briefgen writes ("Foto: …", "Bildnachweis: …",
# "Légende :", "Фото: …", "Photo de …", "Foto von …", "Fot. …").  These words are
# common words too ("ein schiefes Bild: …", "Photo de famille", "Zdjęcie: Polska w
# oczach sąsiadów"), so such a label counts only at the start of the piece or of its
# last sentence, and only before a maker's name or an agency (:func:`_names_a_maker`).
_OTHER_PICTURE = (
    r"(?:légende|cr[ée]dits?\s+photos?|photographie|foto(?:graf(?:ie|ía|ia))?"
    r"|bild(?:quelle|nachweis)?|abbildung|grafik|karikatur|imagen|ilustraci[óo]n|immagine"
    r"|illustrazione|vignetta|zdj[ęe]cie|ilustracja|rysunek|фото(?:графия|графія)?"
    r"|иллюстрация|ілюстрація|изображение|зображення|карикатура)"
)
_CAPITAL = "A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-ЯЁІЇЄҐ"
_OTHER_LABEL = re.compile(
    rf"(?:{_OTHER_PICTURE}\s*:|(?:photo(?:graph)?|foto)\s+(?:de|par|von|di|por)\s+"
    rf"(?=(?-i:[{_CAPITAL}]))|fot\.\s)\s*(?P<maker>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_AGENCIES = (
    r"AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|TASS|Sputnik|RIA\s+Novosti|Xinhua|Anadolu"
    r"|Shutterstock|Alamy|Wikimedia(?:\s+Commons)?|Flickr|Unsplash|Pool|Kremlin\.ru"
    r"|dpa|picture[\s-]alliance|imago(?:\s+images)?|Keystone|APA|ANSA|LaPresse|EFE|PAP"
    r"|Belga|ANP|SIPA|Hans\s+Lucas|ТАСС|РИА\s+Новости|Интерфакс|УНІАН|Укрінформ"
)
_AGENCY = re.compile(rf"(?<!\w)(?:{_AGENCIES})(?!\w)", re.IGNORECASE)
_CREDIT_END = re.compile(
    rf"(?:(?:©|\b(?:{_PICTURE}|credit)s?\s*(?::|by\b))[^.!?]{{1,60}}"
    rf"|(?:/|\||\(|\bvia\b)\s*(?:{_AGENCIES})(?:\s+(?:Photo|Images))?\)?)$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"[.!?][\u201d\u2019\"')\]]?\s+(?=\S)")
_MAKER_MAX_WORDS = 8


def _label(text: str) -> bool:
    """Whether ``text`` opens with a picture's label: "Photo: …", "Foto: Michael
    Kappeler/dpa", "Fot. PAP/…"."""
    if _CAPTION_LABEL.match(text):
        return True
    other = _OTHER_LABEL.match(text)
    return other is not None and _names_a_maker(other.group("maker"))


def _credit_end(text: str) -> bool:
    """Whether ``text`` ends with a picture's credit: "… / AP", "© …", or a sentence
    that is a label (:func:`_label`)."""
    if _CREDIT_END.search(text):
        return True
    # from any sentence's start to the end: "… Sejmie. Fot. PAP/…" has two
    return any(_label(text[m.end() :]) for m in _SENTENCE_START.finditer(text))


def _names_a_maker(rest: str) -> bool:
    """Whether what follows a label names who made the picture: an agency, a "/" or "©"
    credit line, or a name (capitalised words, no digits: "Ludovic Marin")."""
    rest = rest.strip()
    if "/" in rest or "©" in rest or _AGENCY.search(rest):
        return True
    words = rest.split()
    names = [w for w in words if w.lower() not in _CREDIT_SMALL_WORDS]
    return (
        len(words) <= _MAKER_MAX_WORDS
        and len(names) >= 2
        and all(w[:1].isupper() for w in names)
        and not any(c.isdigit() for c in rest)
    )


# "…Alsu Kurmasheva. The White House": a sentence, then a short credit with no stop.
_CREDIT_TAIL = re.compile(r"[.!?][\u201d\u2019\"')\]]?\s+([^.!?]+)$")
# Lower-case words a title-case credit may hold ("Ministry of Defence", "Leon van Dijk").
_CREDIT_SMALL_WORDS = frozenset(
    """
    a an and at de del der di du for in la le of on the van von y via
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_CREDIT_MAX_WORDS = 12
_CAPTION_ABOVE_LINES = 3
_CAPTION_ABOVE_WORDS = 40
_CAPTION_MAX_LINES = 6
_CAPTION_MAX_CHARS = 1000


def drop_captions(pieces: list[Piece], removals: list[Removal]) -> list[Piece]:
    """``pieces`` without the photo captions (reported in ``removals``), when a body is
    left; the gap a caption leaves holds debris (or the page break it stood at).

    A credit standing alone ("Photo: …") takes with it the caption above it when the
    layout joined that to the text before: the last sentence of the piece before, when
    it starts a line and is short.
    """
    if not pieces:
        return pieces
    pieces = [part for piece in pieces for part in _credit_apart(piece)]
    found = [
        caption(piece.lines, cut=after is not None and after.lines[0].text[0].islower())
        for piece, after in zip(pieces, [*pieces[1:], None], strict=True)
    ]
    if all(found) or not any(found):
        return pieces
    kept: list[Piece] = []
    gap_debris = page = False
    for piece, removal in zip(pieces, found, strict=True):
        if removal is not None:
            above = (
                _caption_above(kept[-1]) if kept and not gap_debris and _credit(removal.text) else 0
            )
            if above:
                lines = kept[-1].lines[-above:]
                text = " ".join([*(line.text for line in lines), removal.text])
                removal = Removal("caption", text, lines[0].number)
                kept[-1] = kept[-1]._replace(lines=kept[-1].lines[:-above])
                if not kept[-1].lines:
                    kept.pop()
            removals.append(removal)
            gap_debris, page = True, page or piece.gap == "page"
            continue
        if gap_debris:
            piece = piece._replace(gap="page" if page or piece.gap == "page" else "debris")
        kept.append(piece)
        gap_debris = page = False
    return kept


def _credit_apart(piece: Piece) -> list[Piece]:
    """``piece``, its first line apart when that is a credit ("Photo: …") the layout
    ran into the paragraph after it."""
    first = piece.lines[0].text
    if len(piece.lines) > 1 and _credit(first) and not ends_sentence(first):
        return [piece._replace(lines=piece.lines[:1]), Piece(piece.lines[1:], "layout")]
    return [piece]


def _credit(text: str) -> bool:
    """Whether a caption's ``text`` is a credit alone: "Photo: …", "Credit: …"."""
    return _label(text) and len(text.split()) <= _CREDIT_MAX_WORDS


def _caption_above(piece: Piece) -> int:
    """How many of ``piece``'s last lines are a caption the layout joined to it: its
    last sentence, when it starts a line and is short; 0 when there is none."""
    lines = piece.lines
    if not ends_sentence(lines[-1].text):
        return 0
    start = len(lines) - 1
    # Back over the lines the sentence runs on from: a line it goes on in starts in
    # lower case (a title above it, ending without a stop, is no part of it).
    while start > 0 and not ends_sentence(lines[start - 1].text) and lines[start].text[0].islower():
        start -= 1
    count = len(lines) - start
    words = sum(len(line.text.split()) for line in lines[start:])
    return count if count <= _CAPTION_ABOVE_LINES and words <= _CAPTION_ABOVE_WORDS else 0


def caption(lines: Sequence[Line], cut: bool = False) -> Removal | None:
    """The removal of a piece that is a photo caption (and its credit), or ``None``.

    A caption is short (a few lines), does not end a sentence, and looks like one: it
    starts with a "Photo:" label, or ends with a credit ("/ AP", "Photo by …", "© …"),
    or is a sentence followed by a short title-case credit with no full stop ("…
    Alsu Kurmasheva. The White House") unless the next piece goes on with it in lower
    case (``cut``: "… the main preoccupation. As" / "long as …").  A piece that ends a
    sentence is never a caption, so a normal paragraph always stays.
    """
    if len(lines) > _CAPTION_MAX_LINES:
        return None
    text = " ".join(" ".join(line.text for line in lines).split())
    if len(text) > _CAPTION_MAX_CHARS or ends_sentence(text) or not _looks_like_caption(text, cut):
        return None
    return Removal("caption", text, lines[0].number)


def _looks_like_caption(text: str, cut: bool) -> bool:
    if _label(text) or _credit_end(text):
        return True
    tail = _CREDIT_TAIL.search(text)
    if not tail or cut:
        return False
    caption, credit = text[: tail.start() + 1].split(), tail.group(1).split()
    # A caption is a sentence about the photo: several words, some of them ordinary
    # lower-case words.  A title ("Why Another Reset Is Impossible. Ruth Deyermond")
    # has none, and a byline starts with "By"; neither is a caption.
    ordinary = [w for w in caption if w[:1].islower() and w not in _CREDIT_SMALL_WORDS]
    return (
        len(caption) >= 6
        and len(ordinary) >= 2
        and 1 <= len(credit) <= 5
        and credit[0][:1].isupper()
        and credit[0].lower() != "by"
        and credit[-1].lower() not in FUNCTION_WORDS
        and all(w[:1].isupper() or w in _CREDIT_SMALL_WORDS or w in "/|&" for w in credit)
    )
