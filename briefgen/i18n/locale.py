"""Locale conventions: dates (Babel, CLDR), quotation marks, hyphenation dictionaries."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

NNBSP = "\u202f"
"""The narrow no-break space French sets inside « » (Imprimerie nationale, CLDR)."""

QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«" + NNBSP, NNBSP + "»", "“", "”"),
    "de": ("„", "“", "‚", "‘"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pl": ("„", "”", "«", "»"),
    "uk": ("«", "»", "„", "“"),
    "ru": ("«", "»", "„", "“"),
}
"""Outer and nested quotation marks: CLDR's ``delimiters`` for each language (Babel
ships no delimiters, so they are copied here from CLDR 44's main/<lang>.xml), with the
French nested pair and spacing of the Imprimerie nationale's Lexique."""

QUOTES_BY_REGION: dict[str, tuple[str, str, str, str]] = {
    "de-ch": ("«", "»", "‹", "›"),  # Swiss German (CLDR de_CH)
    "fr-ch": ("«\u202f", "\u202f»", "“", "”"),
    "de-li": ("«", "»", "‹", "›"),
}
"""Where a region writes its language's quotation marks otherwise (CLDR)."""

RIGHT_TO_LEFT_OR_CJK = frozenset({"ar", "he", "fa", "ur", "yi", "zh", "ja", "ko"})

ENGLISH_LOCALE = "en_GB"
"""Plain ``en`` is dated as British and European English write it: 3 September 2024."""


def base(language: str) -> str:
    """``de-AT`` → ``de``."""
    return language.replace("_", "-").split("-")[0].lower()


def unsupported(language: str) -> str | None:
    """Why a language cannot be set yet, in one line; None when it can."""
    if base(language) in RIGHT_TO_LEFT_OR_CJK:
        return (
            f"briefs in {language!r} cannot be set yet: right-to-left scripts and Chinese, "
            "Japanese and Korean need fonts and line breaking briefgen does not have"
        )
    return None


@cache
def _locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    tag = ENGLISH_LOCALE if language.lower() == "en" else language.replace("-", "_")
    for candidate in (tag, base(language)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(ENGLISH_LOCALE)  # a language CLDR does not know: dated as en_GB


ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(day: dt.date, language: str) -> str:
    """The date as the language writes it in running text (CLDR's long form): 3 September
    2024, 3 septembre 2024, 3. September 2024, 3 вересня 2024 р.

    British English, the default, is written here as CLDR's en_GB writes it: Babel loads
    its locale data in about 0.2 s, which a one-brief render in English need not pay."""
    if language.lower() in ("en", "en-gb"):
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date as babel_date

    written = str(babel_date(day, format="long", locale=_locale(language)))
    if base(language) == "fr" and day.day == 1 and written.startswith("1 "):
        written = "1er " + written[2:]  # French writes the first of the month as an ordinal
    return written


def month_year(day: dt.date, language: str) -> str:
    if language.lower() in ("en", "en-gb"):
        return f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date as babel_date

    return str(babel_date(day, format="LLLL y", locale=_locale(language)))


def quote(text: str, language: str) -> str:
    """``text`` in the language's quotation marks, its own quotation marks turned to the
    nested pair (the words are the essay's: only the marks change)."""
    marks = QUOTES_BY_REGION.get(language.lower().replace("_", "-"))
    outer_open, outer_close, inner_open, inner_close = marks or QUOTES.get(
        base(language), QUOTES["en"]
    )
    out: list[str] = []
    opening = True
    for char in text.strip():
        if char in '"“”„«»':
            out.append(inner_open if opening else inner_close)
            opening = not opening
        elif char == "'":
            out.append("’")
        else:
            out.append(char)
    inner = "".join(out)
    # The spaces a French « » held inside go with it when it becomes the nested pair.
    inner = re.sub(rf"{re.escape(inner_open)}\s+", inner_open, inner)
    inner = re.sub(rf"\s+{re.escape(inner_close)}", inner_close, inner)
    return outer_open + inner + outer_close


_FRENCH_SPACES = re.compile(r"(«)[ \u00a0]+|[ \u00a0]+(\\?[»;:!?])", re.MULTILINE)
"""The spaces to make narrow: after «, and before » ; : ! ? (escaped or not in the
Markdown); a mark with no space before it (10:30, http://) is left as it is."""


def typographic_spacing(text: str, language: str) -> str:
    """French sets a narrow no-break space inside « » and before ; : ! ?, so that no line
    starts with the mark: the space an analyst typed there becomes one (Word's and
    LibreOffice's French autocorrect do the same)."""
    if base(language) != "fr":
        return text
    return _FRENCH_SPACES.sub(lambda m: (m.group(1) or "") + NNBSP + (m.group(2) or ""), text)


def hyphenation_language(language: str) -> str | None:
    """The pyphen dictionary for the language (``fr`` → ``fr``, ``en`` → ``en_GB``),
    None when pyphen has none."""
    import pyphen

    tag = ENGLISH_LOCALE if language.lower() == "en" else language.replace("-", "_")
    found = pyphen.language_fallback(tag) or pyphen.language_fallback(base(language))
    return str(found) if found else None
