"""Where the files briefgen ships live: imported without pydantic or the writers, so that
a batch's planning (which fingerprints the fonts) stays quick to start."""

from __future__ import annotations

from pathlib import Path

FONTS_DIR = Path(__file__).parent / "fonts"
"""Noto Serif and Noto Sans, four faces each, under the SIL Open Font License."""
