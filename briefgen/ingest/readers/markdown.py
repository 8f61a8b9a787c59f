"""Markdown → blocks: the words a reader sees, one block per paragraph, heading, item or cell.

markdown-it-py parses (CommonMark, plus tables, strikethrough, footnotes and front
matter, so that none of their syntax is left in the words); the tokens are walked, not
rendered.  Emphasis markers and link syntax go; a paragraph keeps its source lines,
so the cleanup joins them as it joins a ``.txt``'s wrapped lines; a link's URL goes
with its block, for the cleanup to record.  Images are left out (alt text is not the
essay's prose), and so is front matter; raw HTML blocks are read as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from briefgen.ingest.blocks import Flow, FlowBuilder
from briefgen.ingest.readers.html import add_html


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(front_matter_plugin)
    return md


def read_markdown(text: str) -> Flow:
    """The text of the Markdown document ``text``."""
    out = FlowBuilder()
    for token in _parser().parse(text):
        if token.type == "inline":
            lines, links = inline_lines(token.children or ())
            out.block(lines, links)
        elif token.type in ("fence", "code_block"):
            out.block(token.content.split("\n"))
        elif token.type == "html_block":
            add_html(token.content, out)
    return out.result()


def inline_lines(children: Sequence[Token]) -> tuple[list[str], list[str]]:
    """The lines of an inline token's text, and the URLs of its links."""
    lines: list[str] = []
    line: list[str] = []
    links: list[str] = []
    for child in children:
        match child.type:
            case "text" | "code_inline":
                line.append(child.content)
            case "softbreak" | "hardbreak":
                lines.append("".join(line))
                line = []
            case "link_open":
                href = child.attrGet("href")
                if isinstance(href, str):
                    links.append(href)
            case "html_inline" if child.content.lower().startswith("<br"):
                lines.append("".join(line))
                line = []
            case _:
                # Emphasis and link markers, images, footnote references, other inline
                # HTML: markup, not words.
                pass
    lines.append("".join(line))
    return lines, links
