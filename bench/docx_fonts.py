"""What embedding the fonts costs a DOCX render (a measurement, not a test).

    .venv/bin/python bench/docx_fonts.py

``render_docx`` of the sample, warm, in one process pinned to one core (``taskset -c 0``
when there is taskset): with the font table that embeds the fonts, against the same
writer with a font table that only names them, alternated for 10 rounds of 8 renders.
The subsets are made (or read from the disk cache) before the first round.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    if shutil.which("taskset") and os.environ.get("BRIEFGEN_BENCH_PINNED") != "1":
        os.environ["BRIEFGEN_BENCH_PINNED"] = "1"
        os.execvp("taskset", ["taskset", "-c", "0", sys.executable, *sys.argv])
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart

    import briefgen.writers.docx as writer
    from briefgen.pipeline import _template, build_document, check_brief
    from briefgen.writers.docx import oxml as ox

    checked = check_brief(ROOT / "inputs" / "reset-with-russia" / "brief.yaml")
    template = _template(checked, None)
    doc = build_document(checked, template, dt.datetime(2024, 9, 3, tzinfo=dt.timezone.utc))

    def named_only(w: writer.Writer) -> None:  # type: ignore[name-defined]
        part = w.word.part
        fonts = ox.font_table((w.style.fonts.body, w.style.fonts.heading))
        table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, fonts, part.package)
        part.relate_to(table, RT.FONT_TABLE)

    embedding = writer.font_table
    for _ in range(3):
        writer.render_docx(doc, template.style)
    rounds: dict[str, list[float]] = {"embedded": [], "named only": []}
    for _ in range(10):
        for name, table in (("embedded", embedding), ("named only", named_only)):
            writer.font_table = table
            times = []
            for _ in range(8):
                start = time.perf_counter()
                writer.render_docx(doc, template.style)
                times.append(time.perf_counter() - start)
            rounds[name].append(statistics.median(times))
    writer.font_table = embedding
    ratios = [a / b for a, b in zip(rounds["embedded"], rounds["named only"], strict=True)]
    print("render_docx of the sample, warm, median of 10 rounds of 8 (ms):")
    for name, times in rounds.items():
        print(f"  {name}: {statistics.median(times) * 1000:.1f}")
    print(f"  ratio {statistics.median(ratios):.2f} ({min(ratios):.2f} to {max(ratios):.2f})")


if __name__ == "__main__":
    main()
