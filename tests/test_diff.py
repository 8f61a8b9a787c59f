"""`briefgen diff`: the changes between two versions of a brief, one line each, and the
redline DOCX (Word tracked changes) and PDF (underlined, struck through, change bars)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from lxml import etree
from readers import pdf_text

from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def revise(brief: Path) -> None:
    """The second version a head of unit asks for: a timeframe changed, an evidence item
    added, a counterpoint cut, the bottom line reworded."""
    text = brief.read_text("utf-8")
    edits = [
        ("      timeframe: Next six months\n", "      timeframe: Within 90 days\n"),
        (
            "    A new U.S.–Russia reset is impossible while Russia",
            "    No new U.S.–Russia reset is possible while Russia",
        ),
        (
            "      paragraph: 15\n\n  counterpoints:",
            (
                "      paragraph: 15\n    - id: E8\n"
                "      claim: Change in Russia will come from inside, not from Western outreach.\n"
                "      quote: A reset with Russia would require a reset inside Russia first.\n"
                "      paragraph: 17\n\n  counterpoints:"
            ),
        ),
        ("      based_on: [E6, E7]", "      based_on: [E6, E7, E8]"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    start = text.index("    - id: C4")
    text = text[:start] + "\n" + text[text.index("  recommendations:") :]
    brief.write_text(text, "utf-8")


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(tmp_path)
    for name in ("old", "new"):
        shutil.copytree(SAMPLE, tmp_path / name / "reset-with-russia")
    new = tmp_path / "new" / "reset-with-russia" / "brief.yaml"
    revise(new)
    return tmp_path / "old" / "reset-with-russia" / "brief.yaml", new


def line_of(path: Path, text: str) -> int:
    content = path.read_text("utf-8")
    return content[: content.index(text)].count("\n") + 1


def test_each_change_is_one_line_with_its_field_and_the_summary_last(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    assert main(["diff", str(old), str(new), "--no-redline"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        (
            f"{new}:{line_of(new, 'bottom_line:')} summary.bottom_line: changed from "
            "'A new U.S.–Russia reset is impossible while Russia is governed as it…' to "
            "'No new U.S.–Russia reset is possible while Russia is governed as it i…'"
        ),
        (
            f"{new}:{line_of(new, '- id: E8')} summary.evidence[7]: added: "
            "'E8: Change in Russia will come from inside, not from Western outreach.'"
        ),
        (
            f"{old}:{line_of(old, '- id: C4')} summary.counterpoints[3]: removed: "
            "'C4: Keeping engagement in view is the pragmatic course.'"
        ),
        (
            f"{new}:{line_of(new, 'Within 90 days')} summary.recommendations[1].timeframe: "
            "changed from 'Next six months' to 'Within 90 days'"
        ),
        (
            f"{new}:{line_of(new, '[E6, E7, E8]')} summary.recommendations[3].based_on: "
            "changed from 'E6, E7' to 'E6, E7, E8'"
        ),
        "5 changes: bottom line, E8 added, C4 removed, R2 timeframe, R4 based on",
    ]
    assert not (Path.cwd() / "out").exists()


def test_the_same_brief_twice_has_no_changes(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    assert main(["diff", str(old), str(old), "--no-redline"]) == 0
    assert capsys.readouterr().out == "No changes\n"


def test_items_are_matched_by_id_so_a_reordered_one_is_moved(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    shutil.copy(old, new)
    text = new.read_text("utf-8")
    recs = text.index("    - id: R1")
    r2 = text.index("    - id: R2")
    end = text.index("\n  keywords:")
    body = text[recs:r2] + text[r2:end]
    moved = text[r2:end].rstrip("\n") + "\n" + text[recs:r2]
    new.write_text(text.replace(body, moved.rstrip("\n") + "\n"), "utf-8")
    assert main(["diff", str(old), str(new), "--no-redline"]) == 1
    out = capsys.readouterr().out
    assert "summary.recommendations[3]: moved (1 → 4)" in out
    assert out.splitlines()[-1] == "1 change: R1 moved"


def test_two_swapped_items_are_the_two_reported_moved(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    shutil.copy(old, new)
    text = new.read_text("utf-8")
    starts = [text.index(f"    - id: R{k}") for k in (1, 2, 3, 4)]
    end = text.index("\n  keywords:")
    r1, r2, r3, r4 = (text[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True))
    new.write_text(text[: starts[0]] + r1 + r4.rstrip("\n") + "\n" + r3 + r2 + text[end:])
    assert main(["diff", str(old), str(new), "--no-redline"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[1] for line in lines[:-1]] == [
        "summary.recommendations[1]: moved (4 → 2)",
        "summary.recommendations[3]: moved (2 → 4)",
    ]
    assert lines[-1] == "2 changes: R4 moved, R2 moved"


def test_a_field_taken_out_or_set_says_so(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    shutil.copy(old, new)
    text = new.read_text("utf-8")
    start = text.index("  subtitle:")
    new.write_text(text[:start] + text[text.index("  date:", start) :])
    assert main(["diff", str(old), str(new), "--no-redline"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(
        f"{old}:{line_of(old, 'subtitle:')} brief.subtitle: taken out (it was 'Why"
    )
    assert main(["diff", str(new), str(old), "--no-redline"]) == 1
    assert "brief.subtitle: set to 'Why a new" in capsys.readouterr().out


def test_a_version_that_does_not_validate_exits_2_naming_it(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    old.write_text(old.read_text("utf-8").replace("  status: reviewed\n", "  status: done\n"))
    assert main(["diff", str(old), str(new)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{old}:")
    assert "brief.status" in err[0]


def test_since_reads_the_older_version_from_git(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    repo = old.parent

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "v1")
    revise(old)
    assert main(["diff", str(old), "--since", "HEAD", "--out", "out"]) == 1
    out = capsys.readouterr().out
    assert (
        f"HEAD:{old}:{line_of(SAMPLE / 'brief.yaml', '- id: C4')} summary.counterpoints[3]: removed"
        in out
    )
    assert "5 changes:" in out
    assert (Path("out") / "reset-with-russia.redline.docx").is_file()
    assert main(["diff", str(old), "--since", "no-such-rev"]) == 2
    assert "no version at 'no-such-rev'" in capsys.readouterr().err


# --------------------------------------------------------------------------- the DOCX


def _redline(versions: tuple[Path, Path]) -> tuple[Path, Path]:
    old, new = versions
    assert main(["diff", str(old), str(new), "--out", "out", "--author", "Head of Unit"]) == 1
    return Path("out/reset-with-russia.redline.docx"), Path("out/reset-with-russia.redline.pdf")


def _body(docx: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))


def _decide(body: etree._Element, accept: bool) -> list[str]:
    """What Word's Accept All (or Reject All) leaves, done on the XML as ECMA-376 defines
    it: the paragraphs left, each its text (a check of the markup; LibreOffice does it
    for real below).  A paragraph whose mark goes joins the paragraph after it."""
    gone = f"{W}del" if accept else f"{W}ins"
    for row in [tr for tr in body.iter(f"{W}tr") if tr.find(f"{W}trPr/{gone}") is not None]:
        row.getparent().remove(row)
    paragraphs, carry = [], ""
    for p in body.iter(f"{W}p"):
        for run_change in [e for e in p.iter(gone) if e.getparent().tag != f"{W}rPr"]:
            run_change.getparent().remove(run_change)
        text = carry + "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))
        if p.find(f"{W}pPr/{W}rPr/{gone}") is not None:
            carry = text  # the mark goes: what is left runs on into the next paragraph
            continue
        carry = ""
        if text.strip():
            paragraphs.append(" ".join(text.split()))
    return paragraphs


def _plain(brief: Path, out: Path, slug: str = "reset-with-russia") -> etree._Element:
    assert main(["render", str(brief), "--out", str(out), "--format", "docx"]) == 0
    return _body(next(out.glob(f"{slug}*.docx")))


def test_the_redline_docx_tracks_changes_by_the_author_at_the_render_date(
    versions: tuple[Path, Path],
) -> None:
    docx, _ = _redline(versions)
    body = _body(docx)
    ins, dels = list(body.iter(f"{W}ins")), list(body.iter(f"{W}del"))
    assert ins
    assert dels
    for mark in ins + dels:
        assert mark.get(f"{W}author") == "Head of Unit"
        assert mark.get(f"{W}date") == "2023-11-14T22:13:20Z"
    ids = [m.get(f"{W}id") for m in ins + dels]
    assert len(ids) == len(set(ids))
    deleted = "".join(t.text for t in body.iter(f"{W}delText"))
    assert "impossible" in deleted
    assert "Next six months" in deleted
    assert "Keeping engagement in view" in deleted
    inserted = "".join(t.text or "" for m in ins for t in m.iter(f"{W}t"))
    assert "possible" in inserted
    assert "Within 90 days" in inserted
    assert "Change in Russia will come from inside" in inserted
    assert "A new" not in inserted  # word level: the unchanged rest is not marked
    rows = [tr for tr in body.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}del") is not None]
    assert len(rows) == 1


def test_accepting_gives_the_new_text_and_rejecting_the_old(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    docx, _ = _redline(versions)
    assert _decide(_body(docx), accept=True) == _decide(_plain(new, tmp_path / "n"), True)
    assert _decide(_body(docx), accept=False) == _decide(_plain(old, tmp_path / "o"), True)


@pytest.mark.slow
def test_libreoffice_accepts_and_rejects_to_the_new_and_old_texts(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    from libreoffice import make_profile, text_after

    old, new = versions
    docx, _ = _redline(versions)
    profile = make_profile(tmp_path / "profile")
    for brief, name in ((old, "o"), (new, "n")):
        assert main(["render", str(brief), "--out", str(tmp_path / name), "--format", "docx"]) == 0
    plain_new = text_after(
        profile, tmp_path / "n" / "reset-with-russia.docx", "none", tmp_path / "n.txt"
    )
    plain_old = text_after(
        profile, tmp_path / "o" / "reset-with-russia.docx", "none", tmp_path / "o.txt"
    )
    assert text_after(profile, docx, "accept", tmp_path / "accept.txt") == plain_new
    assert text_after(profile, docx, "reject", tmp_path / "reject.txt") == plain_old
    shown = text_after(profile, docx, "none", tmp_path / "shown.txt")
    assert "Next six months" in shown  # as it opens, LibreOffice shows both sides
    assert "Within 90 days" in shown


# --------------------------------------------------------------------------- the PDF


def test_the_redline_pdf_says_what_changed_under_the_title(versions: tuple[Path, Path]) -> None:
    _, pdf = _redline(versions)
    text = pdf_text(pdf)
    title = text.index("No Reset Without a Reset Inside Russia")
    said = text.index(
        "Changes since the last version: 5 changes: bottom line, E8 added, C4 removed, "
        "R2 timeframe, R4 based on."
    )
    assert title < said < text.index("Bottom line.")
    for words in ("Next six months", "Within 90 days", "Keeping engagement in view"):
        assert words in text
    assert main(["check", str(pdf)]) == 0


def _pages(pdf: Path) -> list[np.ndarray]:
    """Each page as an RGB array at 144 dpi."""
    document = pypdfium2.PdfDocument(str(pdf))
    return [np.asarray(page.render(scale=2).to_pil().convert("RGB")) for page in document]


def _margin(page: np.ndarray) -> np.ndarray:
    """The strip of the left margin (21 mm on A4) where change bars stand, 3 mm outside
    the text: nothing else is drawn there."""
    width = page.shape[1]
    return page[:, int(width * 14 / 210) : int(width * 19 / 210)]


def test_the_redline_pdf_colours_changes_and_bars_the_changed_lines(
    versions: tuple[Path, Path],
) -> None:
    _, pdf = _redline(versions)
    pages = _pages(pdf)
    barred = sum(int((_margin(page).min(axis=(1, 2)) < 80).sum()) for page in pages)
    assert barred > 40  # rows of pixels: the bars beside some ten changed lines
    pixels = np.concatenate([page.reshape(-1, 3) for page in pages]).astype(int)
    r, g, b = pixels[:, 0], pixels[:, 1], pixels[:, 2]
    assert ((r > 150) & (g < 80) & (b < 80)).any()  # deletions, in red
    assert ((g > 90) & (r < 60) & (b < 80)).any()  # insertions, in green


def test_a_plain_render_has_no_change_bars(tmp_path: Path) -> None:
    assert (
        main(["render", str(SAMPLE / "brief.yaml"), "--out", str(tmp_path), "--format", "pdf"]) == 0
    )
    for page in _pages(tmp_path / "reset-with-russia.pdf"):
        assert _margin(page).min() > 200


@pytest.mark.parametrize(("template", "pairs"), [("brief", 5), ("memo", 2)])
def test_any_two_briefs_redline_to_exactly_the_one_and_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, pairs: int
) -> None:
    """Briefs of different shapes (evidence, counterpoints, recommendations added and cut,
    a table that comes and goes, every title different): accepting the redline's changes
    gives the newer text, rejecting them the older."""
    from library import make_library

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    library = make_library(tmp_path / "inputs", pairs + 1, seed=7)
    for entry in library:
        text = entry.brief.read_text("utf-8")
        entry.brief.write_text(text.replace("template: brief", f"template: {template}"))
    for old, new in itertools.pairwise(library):
        out = tmp_path / "out" / new.slug
        assert main(["diff", str(old.brief), str(new.brief), "--out", str(out)]) == 1
        redline = _body(out / f"{new.slug}.redline.docx")
        plain_new = _plain(new.brief, tmp_path / "new" / new.slug, new.slug)
        plain_old = _plain(old.brief, tmp_path / "old" / old.slug, old.slug)
        assert _decide(redline, accept=True) == _decide(plain_new, accept=True), new.key
        redline = _body(out / f"{new.slug}.redline.docx")
        assert _decide(redline, accept=False) == _decide(plain_old, accept=True), new.key
