"""How close ingest's paragraphs come to a truth text: recall, junk, paragraphs, hyphens.

Words are compared as an analyst reads them: Unicode NFKC, case folded, curly quotes
as straight ones, split at spaces and at em and en dashes (so "freedom—and" is two words
whether or not a line ended at the dash), punctuation stripped from both ends, tokens
without a letter or digit dropped.  A word keeps its inner hyphens: "self-government"
is one word, and "selfgovernment" or "self- government" are not it.

- **recall**: the longest common subsequence of the truth's words and the output's,
  over the truth's words: the truth's words that come out, in order.
- **junk**: the output's words outside that subsequence, over the output's words:
  running heads, captions, URLs, and words broken beyond recognition.
- **paragraphs**: how many ingest found against the truth's (its title line counts as one).
- **hyphen errors**: output words that are not the truth's but are a truth word with its
  hyphen lost ("selfgovernment"), a line-end hyphen kept ("presi-dents"), or a fragment
  left hanging ("presi-", then "dents").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel, LCSseq

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_SPLIT = re.compile(r"[\s—–]+|--")
_EDGE = "\"'()[]{}<>.,;:!?*…·«»/\\|_`~"
_WORDLIKE = re.compile(r"\w")


def words(text: str) -> list[str]:
    """``text``'s words as the scores compare them."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    out = []
    for token in _SPLIT.split(text):
        token = token.strip(_EDGE)
        if _WORDLIKE.search(token):
            out.append(token)
    return out


@dataclass(frozen=True, slots=True)
class Score:
    truth_words: int
    output_words: int
    common: int
    """Length of the longest common subsequence of the two word lists."""
    truth_paragraphs: int
    output_paragraphs: int
    hyphen_errors: int
    junk_sample: tuple[str, ...] = ()
    """The first few runs of output words outside the common subsequence."""

    @property
    def recall(self) -> float:
        return self.common / self.truth_words if self.truth_words else 1.0

    @property
    def junk(self) -> float:
        return 1 - self.common / self.output_words if self.output_words else 0.0

    @property
    def paragraphs_exact(self) -> bool:
        return self.output_paragraphs == self.truth_paragraphs

    @property
    def paragraphs_close(self) -> bool:
        """Within 10 % of the truth's count."""
        return abs(self.output_paragraphs - self.truth_paragraphs) <= 0.1 * self.truth_paragraphs

    @property
    def on_target(self) -> bool:
        """Issue 11's targets for every file: recall ≥ 99.5 %, junk ≤ 0.5 %, paragraph
        count within 10 %, no hyphenation error."""
        return (
            self.recall >= 0.995
            and self.junk <= 0.005
            and self.paragraphs_close
            and not self.hyphen_errors
        )


def hyphen_errors(truth: list[str], output: list[str]) -> int:
    """Output words that are a truth word broken at, or joined over, a hyphen."""
    vocab = set(truth)
    joined = {w.replace("-", "") for w in vocab if "-" in w} - vocab
    errors = 0
    for i, word in enumerate(output):
        if word in vocab:
            continue
        if word in joined:
            errors += 1  # "selfgovernment": the compound's own hyphen lost
        elif "-" in word.strip("-") and word.replace("-", "") in vocab:
            errors += 1  # "presi-dents": a line-end hyphen kept inside the word
        elif word.endswith("-") and i + 1 < len(output):
            after = output[i + 1]
            if word[:-1] + after in vocab or word + after in vocab:
                errors += 1  # "presi-" then "dents", or "self-" then "government"
    return errors


def score(truth: str, paragraphs: list[str], sample: int = 5) -> Score:
    """Score ingest's ``paragraphs`` against the ``truth`` text (title, blank line,
    paragraphs separated by one blank line)."""
    expected = words(truth)
    got = words("\n".join(paragraphs))
    common = LCSseq.similarity(expected, got)
    runs: list[str] = []
    if sample and common < len(got):
        for op in Indel.opcodes(expected, got):
            if op.tag == "insert" and len(runs) < sample:
                runs.append(" ".join(got[op.dest_start : op.dest_end][:12]))
    truth_paragraphs = len([b for b in truth.strip().split("\n\n") if b.strip()])
    return Score(
        truth_words=len(expected),
        output_words=len(got),
        common=common,
        truth_paragraphs=truth_paragraphs,
        output_paragraphs=len(paragraphs),
        hyphen_errors=hyphen_errors(expected, got),
        junk_sample=tuple(runs),
    )


def total(scores: list[Score]) -> dict[str, float]:
    """Totals over many files: word-weighted recall and junk, the share of files whose
    paragraph count is exact and within 10 %, the hyphen errors summed, and the share of
    files on every per-file target."""
    n = len(scores) or 1
    counts: Counter[str] = Counter()
    for s in scores:
        counts.update(
            truth=s.truth_words,
            output=s.output_words,
            common=s.common,
            exact=s.paragraphs_exact,
            close=s.paragraphs_close,
            hyphens=s.hyphen_errors,
            on_target=s.on_target,
        )
    return {
        "files": len(scores),
        "recall": counts["common"] / counts["truth"] if counts["truth"] else 1.0,
        "junk": 1 - counts["common"] / counts["output"] if counts["output"] else 0.0,
        "min_recall": min((s.recall for s in scores), default=1.0),
        "max_junk": max((s.junk for s in scores), default=0.0),
        "exact": counts["exact"] / n,
        "close": counts["close"] / n,
        "hyphens": counts["hyphens"],
        "on_target": counts["on_target"] / n,
    }
