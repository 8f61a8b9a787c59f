"""Page PNGs of a rendered PDF: ``briefgen preview`` and the thumbnails of ``index.html``.

PDFium (through pypdfium2, a wheel with the library inside) rasterises the PDF, so no
system package (poppler, Ghostscript) is needed.  PNGs are written with
``outputs.write_atomic`` under deterministic names, ``<name>-page-<n>.png``; Pillow writes
no timestamp into a PNG, so the same PDF gives the same bytes.

``briefgen preview`` renders into a folder of its own, ``<out>/preview/``: its PDF has
the render's name (``<slug>.pdf``, ``<slug>.memo.pdf``) with its PNGs beside it.  A
render writes only files directly in ``<out>``, so a preview can never replace half of a
render's DOCX and PDF pair, whatever the slug or the template is called (a
``<slug>.preview.pdf`` beside them would be the render of a template named "preview").
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import InputError, Problem
from briefgen.outputs import ensure_folder, write_atomic

if TYPE_CHECKING:
    import pypdfium2  # type: ignore[import-untyped]

    from briefgen.pipeline import RenderResult

DEFAULT_SCALE = 1.0
"""PDF points to pixels: 1.0 is 72 dpi (an A4 page is 595 × 842 pixels)."""
MAX_SCALE = 8.0
"""Beyond this a page is tens of megapixels: more likely a typo than a wish."""
PREVIEW_DIR = "preview"
"""The folder, inside the output folder, that ``briefgen preview`` writes into."""


@dataclass(frozen=True, slots=True)
class PreviewResult:
    """What ``briefgen preview`` wrote: the render (its PDF) and one PNG per page."""

    render: RenderResult
    pages: tuple[Path, ...]


def preview_brief(
    brief: Path,
    out_dir: Path,
    scale: float = DEFAULT_SCALE,
    template: str | None = None,
    allow_outside: bool = False,
) -> PreviewResult:
    """Render ``brief`` to PDF in ``out_dir/preview`` (as ``briefgen render -f pdf``), then
    one PNG per page beside it.  A brief that does not validate raises as ``render`` does."""
    from briefgen.pipeline import render_brief

    _check_scale(scale)  # before rendering: a bad option writes nothing
    folder = out_dir / PREVIEW_DIR
    result = render_brief(brief, folder, ("pdf",), template, allow_outside)
    pdf = next(o.path for o in result.outputs if o.path.suffix == ".pdf")
    return PreviewResult(result, tuple(preview_pages(pdf, folder, scale)))


def preview_pages(pdf_path: Path, out_dir: Path, scale: float = DEFAULT_SCALE) -> list[Path]:
    """Write ``out_dir/<stem>-page-<n>.png`` for every page of ``pdf_path`` (n from 1);
    returns their paths in page order.  PNGs of pages the PDF no longer has (it got
    shorter since the last preview) are removed, so the folder shows this PDF only."""
    _check_scale(scale)
    ensure_folder(out_dir)
    slug = pdf_path.stem
    written: list[Path] = []
    with _open_pdf(pdf_path) as pdf:
        for index in range(len(pdf)):
            target = out_dir / f"{slug}-page-{index + 1}.png"
            write_atomic(target, _page_png(pdf, index, scale))
            written.append(target)
    _remove_extra_pages(out_dir, slug, keep=len(written))
    return written


def first_page_png(pdf_path: Path, scale: float) -> tuple[bytes, int]:
    """The first page of ``pdf_path`` as PNG bytes, and the PDF's page count."""
    _check_scale(scale)
    with _open_pdf(pdf_path) as pdf:
        if len(pdf) == 0:
            raise InputError([Problem(pdf_path, None, None, "the PDF has no pages")])
        return _page_png(pdf, 0, scale), len(pdf)


def page_count(pdf_path: Path) -> int:
    """How many pages ``pdf_path`` has; InputError if it is not a readable PDF."""
    with _open_pdf(pdf_path) as pdf:
        return len(pdf)


def _check_scale(scale: float) -> None:
    if not 0 < scale <= MAX_SCALE:
        raise InputError(
            [Problem(None, None, "scale", f"must be above 0 and at most {MAX_SCALE:g}")]
        )


@contextmanager
def _open_pdf(path: Path) -> Iterator[pypdfium2.PdfDocument]:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except (pypdfium2.PdfiumError, OSError) as err:
        # OSError: missing or unreadable; PdfiumError: not a PDF, damaged, encrypted.
        raise InputError([Problem(path, None, None, f"cannot read the PDF: {err}")]) from None
    try:
        yield pdf
    finally:
        pdf.close()


def _page_png(pdf: pypdfium2.PdfDocument, index: int, scale: float) -> bytes:
    page = pdf[index]
    try:
        # No alpha: a PDF page is paper, and PNGs without transparency are smaller.
        bitmap = page.render(scale=scale, may_draw_forms=True)
        image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    buffer = io.BytesIO()
    # zlib's fastest level: half the time of the default, and (for pages of text and
    # flat colour) a file no bigger.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _remove_extra_pages(out_dir: Path, slug: str, keep: int) -> None:
    pattern = re.compile(rf"{re.escape(slug)}-page-(\d+)\.png")
    for path in out_dir.glob(f"{slug}-page-*.png"):
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > keep:
            path.unlink(missing_ok=True)
