"""The language an essay is written in, when the brief does not say.

py3langid (langid.py, Lui and Baldwin 2012, maintained as py3langid): a naive Bayes
model of 97 languages in a 5 MB wheel, deterministic, no network.  Its model loads in
about a second, so it is asked only by the commands that need the language and were
not told it (``briefgen draft``, ``briefgen essay``), never by a render.
"""

from __future__ import annotations

from briefgen.essay import Essay

SAMPLE_CHARS = 6000
"""How much of the essay the detector reads: a page is plenty."""


def detect(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is most likely in."""
    import py3langid

    code, _score = py3langid.classify(text[:SAMPLE_CHARS])
    return str(code)


def essay_language(essay: Essay) -> tuple[str, bool]:
    """(the essay's language, whether it was detected rather than given)."""
    if essay.language:
        return essay.language, False
    return detect(" ".join(p.text for p in essay.paragraphs)), True
