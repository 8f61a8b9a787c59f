"""(Brief, Essay, Template) → Markdown, through Jinja2's sandbox.

Every value a template prints passes through ``finalize``, which escapes it for
Markdown: text from a brief is data, never markup and never template code.  A template
that wants to emit Markdown from a value wraps it in ``Markdown`` (only code does that).
Errors in a template are reported with the template file and line.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from briefgen.appendix import sources_appendix
from briefgen.errors import InputError, Problem
from briefgen.escape import markdown_text, typographic_apostrophes
from briefgen.essay import Essay
from briefgen.i18n.labels import Labels, MissingLabel, load_labels
from briefgen.i18n.locale import format_date, month_year, quote, typographic_spacing
from briefgen.model import Brief
from briefgen.templates import Template


class Markdown(str):
    """A string that is already Markdown: ``finalize`` lets it through unescaped."""

    __slots__ = ()


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return str(value)
    if value is None:
        return ""
    # A typed apostrophe inside a word is set as the typographic one (Ukraine’s), as a
    # typesetter would; every other character prints as the brief has it.
    return markdown_text(typographic_apostrophes(str(value)))


def quoted(text: str, language: str = "en") -> str:
    """“text”, in the quotation marks of ``language`` (« … » in French, „…“ in German),
    those inside it turned to the nested pair (‘…’ in English).

    Only the marks change: the words are the essay's, as grounding checked.
    """
    return quote(text, language)


def together(text: str) -> Markdown:
    """``text`` that no line break splits: its spaces as no-break spaces ("Rests on")."""
    return Markdown(markdown_text(typographic_apostrophes(str(text))).replace(" ", "&nbsp;"))


@jinja2.pass_context
def _quoted_filter(context: Any, text: str) -> str:
    ctx = context.get("ctx")
    return quoted(text, ctx.language if isinstance(ctx, Context) else "en")


@lru_cache(maxsize=16)
def _environment(folder: Path) -> SandboxedEnvironment:
    # One environment per template folder: Jinja2 caches compiled templates in it.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["quoted"] = _quoted_filter
    env.filters["together"] = together
    return env


@dataclass(frozen=True, slots=True)
class Context:
    """What a template sees, besides the brief itself."""

    date: str
    """The brief's date, written out as its language does ("3 September 2024")."""
    evidence_number: dict[str, int]
    """Evidence id → its number in the evidence list (1-based)."""
    language: str = "en"
    labels: Labels | None = None

    def paragraph(self, number: int) -> str:
        """ "¶17", "§ 17", "Abs. 17": a paragraph of the essay, as the language cites it."""
        return self.labels.format("paragraph_ref", n=number) if self.labels else f"¶{number}"

    def priority(self, value: str) -> str:
        """A recommendation's priority (high, medium, low) in the brief's language."""
        return self.labels[f"priority_{value}"] if self.labels else value

    def month_year(self, day: dt.date) -> str:
        """ "September 2024", "septembre 2024": a source's date without its day."""
        return month_year(day, self.language)

    def day(self, day: dt.date) -> str:
        return format_date(day, self.language)

    def rests_on(self, ids: list[str]) -> str:
        """ "1, 4" for based_on ids ["E1", "E4"]: the evidence numbers a reader sees."""
        return ", ".join(str(self.evidence_number[i]) for i in ids)


def compose(
    brief: Brief,
    essay: Essay | None,
    template: Template,
    today: dt.date,
    labels: Labels | None = None,
) -> str:
    """Render the template to Markdown; InputError naming the template line on failure."""
    env = _environment(template.folder)
    day = brief.brief.date or today
    language = brief.brief.language
    if labels is None:
        labels = load_labels(language, template.folder)
    context = Context(
        date=format_date(day, language),
        evidence_number={e.id: i for i, e in enumerate(brief.summary.evidence, start=1)},
        language=language,
        labels=labels,
    )
    try:
        jinja_template = env.get_template(template.markdown.name)
        markdown = jinja_template.render(
            brief=brief.brief,
            source=brief.source,
            summary=brief.summary,
            ctx=context,
            t=labels,
            paragraphs=len(essay.paragraphs) if essay else 0,
        )
    except jinja2.TemplateSyntaxError as err:
        where = Path(err.filename) if err.filename else template.markdown
        raise InputError(
            [Problem(where, err.lineno, None, f"template error: {err.message}")]
        ) from None
    except jinja2.TemplateNotFound as err:
        path, line = _template_line(err, template.folder)
        message = (
            f"template error: cannot include {err.name!r}: includes reach only files "
            f"inside the template folder {template.folder}"
        )
        raise InputError([Problem(path, line, None, message)]) from None
    except MissingLabel as err:
        path, line = _template_line(err, template.folder)
        raise InputError([Problem(path, line, None, str(err))]) from None
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError, TypeError, ValueError) as err:
        path, line = _template_line(err, template.folder)
        raise InputError([Problem(path, line, None, f"template error: {err}")]) from None
    if template.style.appendix == "sources":
        try:
            markdown = markdown.rstrip("\n") + "\n\n" + sources_appendix(brief, context)
        except MissingLabel as err:
            raise InputError([Problem(labels.files[-1], None, None, str(err))]) from None
    return typographic_spacing(markdown, language)


def _template_line(err: BaseException, folder: Path) -> tuple[Path | None, int | None]:
    """The innermost traceback frame that belongs to a template file in ``folder``."""
    found: tuple[Path | None, int | None] = (None, None)
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.startswith(str(folder)):
            found = (Path(frame.filename), frame.lineno)
    return found
