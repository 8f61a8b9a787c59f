"""The writers: ``docx/`` (python-docx) and ``pdf/`` (reportlab), each ``Document`` + ``Style``
→ bytes.

They only draw.  Everything both formats must agree on is decided before them, in the tree
(``briefgen.tree``) or the style (``briefgen.style``), the only modules of briefgen they
import; tests/test_cli.py's arrow test keeps that so, and tests/test_same_words.py checks
that the two files carry the same words.  Import them lazily: python-docx and reportlab
are most of briefgen's import time.
"""
