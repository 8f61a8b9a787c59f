"""`briefgen check FILE.pdf|FILE.docx`: what keeps a brief from every reader and every
archive, one finding per line.

- ``pdf``: the machine-checkable rules of PDF/UA-1 (ISO 14289-1, the Matterhorn protocol)
- ``pdfa``: those of PDF/A-2u (ISO 19005-2): XMP that matches the Info dictionary and
  claims the part, an output intent, no encryption, no JavaScript
- ``docx``: a DOCX's own: a title, a language, headings in order, header rows that repeat,
  alt text on pictures, the fonts it names embedded
- ``finding``: one finding, as one line; ``objects``: a walk over objects that cannot loop

None of it trusts the file: whatever cannot be read is a finding or one clear error.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.check.finding import Finding

__all__ = ["Finding", "check_file"]


def check_file(path: Path) -> list[Finding]:
    """Every finding in the PDF or DOCX at ``path``, told apart by their first bytes
    (raises ValueError when it is neither, or cannot be read)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as err:
        raise ValueError(f"cannot read it ({err.strerror})") from None
    if head.startswith(b"PK\x03\x04"):  # first: a DOCX may hold a PDF's bytes early on
        from briefgen.check.docx import check_docx

        return check_docx(path)
    if b"%PDF-" in head:  # a PDF may have bytes before its header (ISO 32000-1, 7.5.2)
        from briefgen.check.pdf import check_pdf

        return check_pdf(path)
    raise ValueError("cannot read it as a PDF or a DOCX (it starts with neither %PDF- nor PK)")
