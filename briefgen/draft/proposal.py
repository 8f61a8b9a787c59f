"""What the draft proposes: a bottom line, a thesis, evidence and keywords, all extractive.

Every quote is a whole sentence of the cleaned essay, so the draft grounds by
construction.  The choice of sentences is not ours: sumy's LexRank (Erkan & Radev 2004:
sentence centrality in a tf-idf cosine graph) ranks them, on our own sentence split
(:func:`briefgen.sentences.split_sentences`, pysbd's rules: neither "U.S." nor "Jan. 5"
ends a sentence, so no quote is half of one) with sumy's bundled English stop words and
NLTK's Snowball stemmer, which is code, not downloaded data.  YAKE proposes the keywords
(statistical features of one document, bundled stop words).  Neither reads anything from
the network or from a data folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.draft.metadata import Metadata, find_metadata
from briefgen.errors import InputError, Problem
from briefgen.escape import forbidden_characters
from briefgen.essay import Essay
from briefgen.model import MAX_EVIDENCE, MAX_KEYWORDS
from briefgen.sentences import split_sentences

__all__ = ["Draft", "Sentence", "keywords", "propose", "rank", "split_essay"]

MIN_EVIDENCE = 5
"""Evidence items a draft aims for at least (fewer only if the essay has fewer sentences)."""
KEYWORDS = 8
"""Keywords a draft proposes; the schema allows up to ``MAX_KEYWORDS``."""
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
_QUOTE_CHARS = (8, 600)  # model.QuoteText's length limits
_MIN_WORDS = 6  # shorter sentences make poor evidence ("That is wrong.")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned essay, exactly as it stands in its paragraph."""

    text: str
    paragraph: int
    """The ¶ number it stands in."""
    order: int
    """Its place among all the essay's sentences, 0-based."""


@dataclass(frozen=True, slots=True)
class Draft:
    """What the extractive summary proposes; :func:`briefgen.draft.yaml_text.to_yaml` writes it."""

    metadata: Metadata
    bottom_line: tuple[Sentence, ...]
    thesis: Sentence
    evidence: tuple[Sentence, ...]
    keywords: tuple[str, ...]
    language: str = "en"
    """The essay's language (given or detected): the brief's and its labels' too."""


def propose(essay: Essay) -> Draft:
    """Metadata, a bottom line, a thesis, evidence and keywords for ``essay``."""
    from briefgen.i18n.detect import essay_language

    meta = find_metadata(essay)
    language, _ = essay_language(essay)
    sentences = [
        s
        for s in split_essay(essay, language)
        if s.paragraph not in meta.front and _quotable(s.text)
    ]
    if not sentences:
        raise InputError(
            [Problem(essay.path, None, None, "the essay has no sentence long enough to quote")]
        )
    ranked = rank(sentences, language)
    # Questions and fragments rank high for their words but make poor claims: prefer the rest.
    strong = [s for s in ranked if _is_statement(s.text)] or ranked
    thesis = strong[0]
    bottom_line = tuple(sorted(strong[:2], key=lambda s: s.order))
    if sum(len(s.text) + 1 for s in bottom_line) > 700:  # model.Text's limit
        bottom_line = (thesis,)
    # The thesis quote is evidence only when the essay has no other sentence to offer.
    others = [s for s in ranked if s != thesis]
    evidence = _pick_evidence([s for s in strong if s != thesis], [*others, thesis], essay)
    body = " ".join(p.text for p in essay.paragraphs if p.number not in meta.front)
    return Draft(
        meta, bottom_line, thesis, evidence, tuple(keywords(body, language=language)), language
    )


def split_essay(essay: Essay, language: str = "en") -> list[Sentence]:
    """Every sentence of every paragraph, in order."""
    sentences: list[Sentence] = []
    for para in essay.paragraphs:
        for text in split_sentences(para.text, language):
            sentences.append(Sentence(text, para.number, len(sentences)))
    return sentences


SUMY_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pl": "polish",
    "uk": "ukrainian",
    "ru": "russian",
    "pt": "portuguese",
    "cs": "czech",
    "sk": "slovak",
}
"""sumy's names for the languages its stemmers (NLTK's Snowball, bundled code) know."""


def _sumy_language(language: str) -> str:
    return SUMY_LANGUAGES.get(language.split("-")[0].lower(), "english")


def rank(sentences: Sequence[Sentence], language: str = "en") -> list[Sentence]:
    """``sentences``, most central first, by sumy's LexRank; ties keep essay order."""
    from sumy.models.dom import ObjectDocumentModel  # type: ignore[import-untyped]
    from sumy.models.dom import Paragraph as SumyParagraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer  # type: ignore[import-untyped]
    from sumy.summarizers.lex_rank import LexRankSummarizer  # type: ignore[import-untyped]
    from sumy.utils import get_stop_words  # type: ignore[import-untyped]

    name = _sumy_language(language)
    tokenizer = _WordTokenizer(name)
    # One sumy paragraph: LexRank ranks over the whole document and ignores paragraphs.
    # Two sentences with the same text are one node to sumy, so they are given once.
    unique = list(dict.fromkeys(s.text for s in sentences))
    model = ObjectDocumentModel([SumyParagraph([SumySentence(t, tokenizer) for t in unique])])
    try:
        stemmer = Stemmer(name)
    except (ValueError, LookupError):  # Polish needs pystempel, which is not installed
        stemmer = Stemmer("english") if name == "english" else (lambda word: word.lower())
    summarizer = LexRankSummarizer(stemmer)
    try:
        summarizer.stop_words = get_stop_words(name)
    except LookupError:  # sumy has no stop words for some languages (Russian): none then
        summarizer.stop_words = frozenset()
    ratings: dict[str, float] = {}

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:  # sumy's "count" may be a callable
        for info in infos:
            ratings[str(info.sentence)] = float(info.rating)
        return infos

    summarizer(model, keep_all)
    # Rounded: the power method's last digits may differ between machines; the order may not.
    return sorted(sentences, key=lambda s: (-round(ratings.get(s.text, 0.0), 9), s.order))


class _WordTokenizer:
    """Words for sumy, by a regular expression: sumy's own tokenizer needs NLTK's punkt
    data, downloaded at run time, and we split sentences ourselves anyway."""

    def __init__(self, language: str = "english") -> None:
        self.language = language
        self._code = next((k for k, v in SUMY_LANGUAGES.items() if v == language), "en")

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._code))


ELIDING = frozenset({"fr", "it", "ca"})
"""Languages that elide an article or pronoun into the next word (l’Empire, c’est)."""
ELISION = re.compile(r"(?i)(?:^|\s)(?:[cdjlmnst]|qu|dell|all|nell|sull)['’]")


def keywords(text: str, count: int = KEYWORDS, language: str = "en") -> list[str]:
    """Up to ``count`` key phrases of ``text`` by YAKE, best first, none inside another."""
    import yake  # type: ignore[import-untyped]

    lan = language.split("-")[0].lower()  # YAKE's stop words are by ISO 639-1 code
    extractor = yake.KeywordExtractor(lan=lan, n=2, dedup_lim=0.7, top=count * 3)
    chosen: list[str] = []
    for phrase, _score in extractor.extract_keywords(text):
        if lan in ELIDING and ELISION.search(str(phrase)):
            continue  # "c’est", "d’une nation": an article or pronoun run into a word
        words = set(str(phrase).lower().split())
        if any(words <= set(c.lower().split()) for c in chosen):
            continue  # "administration" after "Biden administration" says nothing new
        chosen.append(str(phrase))
        if len(chosen) == min(count, MAX_KEYWORDS):
            break
    return chosen


def _quotable(text: str) -> bool:
    low, high = _QUOTE_CHARS
    return (
        low <= len(text) <= high
        and len(_WORD.findall(text)) >= _MIN_WORDS
        and not forbidden_characters(text)
    )


def _is_statement(text: str) -> bool:
    return not text.rstrip("\"'”’)").endswith("?")


def _pick_evidence(
    preferred: Sequence[Sentence], fallback: Sequence[Sentence], essay: Essay
) -> tuple[Sentence, ...]:
    """The best-ranked sentences, at most one per ¶ while that is possible, in essay order."""
    want = min(MAX_EVIDENCE, max(MIN_EVIDENCE, len(essay.paragraphs) // 3))
    chosen: list[Sentence] = []
    for pool, one_per_paragraph in ((preferred, True), (preferred, False), (fallback, False)):
        for s in pool:
            if len(chosen) == want:
                break
            if s in chosen or (one_per_paragraph and s.paragraph in {c.paragraph for c in chosen}):
                continue
            chosen.append(s)
    return tuple(sorted(chosen, key=lambda s: s.order))
