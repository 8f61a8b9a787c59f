"""out/index.html after `briefgen batch`: every brief, its status, thumbnail and links.

The batch runs through `run_batch` with ``index=True`` (the CLI's flag is another
engineer's); the page is judged by parsing it (every link and picture resolves) and,
in one slow test, by what headless Chromium makes of it.
"""

from __future__ import annotations

import contextlib
import fcntl
import html
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from library import LibraryBrief, break_quote, change_title, make_library, write_brief
from PIL import Image

from briefgen.batch import LOCK_NAME, BatchOptions, BatchSummary, Shard, run_batch
from briefgen.cli import main

HOSTILE = "<script>alert(1)</script> & co"
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 120


class _Page(HTMLParser):
    """Links, pictures and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "img":
            self.srcs.append(str(values.get("src")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


@dataclass(frozen=True, slots=True)
class Library:
    inputs: Path
    out: Path
    briefs: list[LibraryBrief]
    broken: LibraryBrief
    hostile: LibraryBrief
    summary: BatchSummary


def run(inputs: Path, out: Path, **extra: Any) -> BatchSummary:
    events: list[dict[str, Any]] = []
    options = BatchOptions(inputs=inputs, out_dir=out, jobs=2, index=True, **extra)
    return run_batch(options, events.append)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Three briefs: one whose title needs escaping, one broken, one plain; run once."""
    root = tmp_path_factory.mktemp("index")
    briefs = make_library(root / "inputs", 3, seed=7)
    hostile, broken = briefs[0], briefs[1]
    change_title(hostile, HOSTILE)
    break_quote(broken)
    data = yaml.safe_load(briefs[2].brief.read_text("utf-8"))
    data["brief"]["language"] = "de-CH"
    write_brief(briefs[2].folder, data)
    summary = run(root / "inputs", root / "out")
    return Library(root / "inputs", root / "out", briefs, broken, hostile, summary)


def test_index_lists_every_brief_with_its_status_and_the_broken_ones_problem(
    library: Library,
) -> None:
    assert (library.summary.rendered, library.summary.failed) == (2, 1)
    page = parse_page(library.out / "index.html")
    text = " ".join(page.text)
    for brief in library.briefs:
        assert brief.key in text
    [failure] = [b for b in library.summary.briefs if b.status == "failed"]
    assert failure.errors[0] in text  # the problem, as the log gives it
    assert "summary.evidence[0].quote: not found in the essay" in text
    assert "2 rendered · 0 up to date · 1 failed" in text
    for brief in library.briefs:  # brief.status is shown too
        assert yaml.safe_load(brief.brief.read_text("utf-8"))["brief"]["status"] in text


def test_every_link_and_picture_resolves_inside_the_output_folder(library: Library) -> None:
    page = parse_page(library.out / "index.html")
    assert page.hrefs
    assert len(page.srcs) == 2  # the broken brief never had a PDF
    for ref in page.hrefs + page.srcs:
        assert "://" not in ref
        assert not ref.startswith("/")
        target = (library.out / ref).resolve()
        assert target.is_relative_to(library.out.resolve())
        assert target.is_file(), ref
    for src in page.srcs:
        with Image.open(library.out / src) as image:
            assert image.format == "PNG"
            width, height = image.size
            assert 250 < width < 350
            assert 1.3 < height / width < 1.5  # A4 upright
    for brief in library.briefs:
        if brief is not library.broken:
            assert f"{brief.slug}.pdf" in page.hrefs
            assert f"{brief.slug}.docx" in page.hrefs


def test_titles_are_escaped(library: Library) -> None:
    source = (library.out / "index.html").read_text("utf-8")
    assert "<script" not in source
    assert html.escape(HOSTILE) in source
    page = parse_page(library.out / "index.html")
    assert "script" not in page.tags
    assert HOSTILE in " ".join(page.text)


def test_each_title_is_marked_with_its_brief_s_language(library: Library) -> None:
    # The page's own words are English; a screen reader reads each title in its language.
    source = (library.out / "index.html").read_text("utf-8")
    assert source.startswith('<!DOCTYPE html>\n<html lang="en">')
    titles = re.findall(r'<div class="title" lang="([^"]+)">', source)
    assert sorted(titles) == ["de-CH", "en", "en"]  # the broken brief's too


def test_a_rerun_reuses_thumbnails_and_a_changed_pdf_gets_a_new_one(
    library: Library, tmp_path: Path
) -> None:
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    shutil.copytree(library.inputs, inputs)
    shutil.copytree(library.out, out)
    thumbs = {p.name: p.stat().st_mtime_ns for p in (out / "thumbs").iterdir()}

    again = run(inputs, out)

    assert (again.rendered, again.skipped, again.failed) == (0, 2, 1)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "thumbs").iterdir()} == thumbs
    assert "0 rendered · 2 up to date · 1 failed" in " ".join(parse_page(out / "index.html").text)

    plain = next(b for b in library.briefs if b not in (library.broken, library.hostile))
    change_title(
        LibraryBrief(plain.key, inputs / Path(plain.key).parent, plain.slug, plain.title),
        "A New Title",
    )
    third = run(inputs, out)

    assert third.rendered == 1
    now = {p.name for p in (out / "thumbs").iterdir()}
    assert len(now) == 2  # the old thumbnail of the changed PDF is gone
    assert now != set(thumbs)
    assert "A New Title" in " ".join(parse_page(out / "index.html").text)


def test_no_index_without_the_option_and_none_on_a_dry_run(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch(BatchOptions(inputs=library.inputs, out_dir=out, jobs=2), lambda e: None)
    assert not (out / "index.html").exists()
    assert not (out / "thumbs").exists()
    dry = tmp_path / "dry"
    dry.mkdir()
    run(library.inputs, dry, dry_run=True)
    assert list(dry.iterdir()) == []


# --------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's chromium: installed here when running as root in CI, else the test skips."""
    if not CHROMIUM.exists():
        if os.geteuid() != 0 or not os.environ.get("CI"):
            pytest.skip("needs /usr/bin/chromium (installed automatically only as root in CI)")
        subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            check=True,
            capture_output=True,
            timeout=900,
        )
    return CHROMIUM


def headless(chromium: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)


@pytest.mark.slow
def test_chromium_shows_every_brief(library: Library, chromium: Path, tmp_path: Path) -> None:
    url = (library.out / "index.html").resolve().as_uri()
    dom = headless(chromium, tmp_path / "profile", "--dump-dom", url).stdout

    page = _Page()
    page.feed(dom)
    text = " ".join(page.text)
    for brief in library.briefs:
        assert brief.key in text
    assert HOSTILE in text
    assert "script" not in page.tags

    shot = tmp_path / "index.png"
    headless(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900", url)
    with Image.open(shot) as image:
        assert image.size == (1200, 900)


# --------------------------------------------------------------------------- sharded runs


def index_command(*args: str | Path) -> tuple[int, str, str]:
    """`briefgen index ARGS` through the command line: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["index", *map(str, args)])
    return code, out.getvalue(), err.getvalue()


def shard_runs(inputs: Path, out: Path, count: int, index: bool) -> list[BatchSummary]:
    return [
        run_batch(
            BatchOptions(inputs=inputs, out_dir=out, jobs=1, index=index, shard=Shard(k, count)),
            lambda event: None,
        )
        for k in range(1, count + 1)
    ]


def listed_keys(page: _Page, briefs: list[LibraryBrief]) -> list[str]:
    text = " ".join(page.text)
    return [b.key for b in briefs if b.key in text]


def check_links_resolve(page: _Page, out: Path) -> None:
    for target in [*page.hrefs, *page.srcs]:
        assert (out / target).is_file(), target


def test_index_merges_every_shards_manifest_into_one_page(tmp_path: Path) -> None:
    """Shards run with --no-index (a Slurm array's tasks); `briefgen index` then lists every
    brief once, whichever shard rendered it, with its thumbnail and its files."""
    briefs = make_library(tmp_path / "inputs", 7, seed=11)
    break_quote(briefs[2])
    out = tmp_path / "out"
    summaries = shard_runs(tmp_path / "inputs", out, 3, index=False)
    assert sum(s.rendered for s in summaries) == 6
    assert not (out / "index.html").exists()

    code, said, err = index_command(out)

    assert (code, err) == (0, "")
    assert said == f"wrote {out / 'index.html'} (7 briefs, 1 failed, 6 new thumbnail(s))\n"
    page = parse_page(out / "index.html")
    assert listed_keys(page, briefs) == [b.key for b in briefs]
    text = " ".join(page.text)
    assert "6 rendered · 0 up to date · 1 failed" in text
    assert "summary.evidence[0].quote: not found in the essay" in text
    # No run made this page: it says when the newest brief was rendered, not "run started".
    newest = max(s.started for s in summaries)
    assert "last brief rendered" in text
    assert "run started" not in text
    [shown] = re.findall(r'<time datetime="([^"]+)"', (out / "index.html").read_text("utf-8"))
    assert shown >= newest  # a brief rendered by the last shard, after it started
    check_links_resolve(page, out)
    assert len(page.srcs) == 6  # one thumbnail per rendered brief
    assert sorted(p.name for p in out.glob("index*.html")) == ["index.html"]


def test_each_shard_with_the_index_on_updates_the_one_page(tmp_path: Path) -> None:
    briefs = make_library(tmp_path / "inputs", 6, seed=12)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.shard-1-of-3.html").write_text("<html>a page of an older briefgen</html>")
    seen: list[int] = []
    for k in (1, 2, 3):
        options = BatchOptions(
            inputs=tmp_path / "inputs", out_dir=out, jobs=1, index=True, shard=Shard(k, 3)
        )
        run_batch(options, lambda event: None)
        seen.append(len(listed_keys(parse_page(out / "index.html"), briefs)))
    assert seen == sorted(seen)
    assert seen[-1] == len(briefs)
    assert sorted(p.name for p in out.glob("index*.html")) == ["index.html"]
    check_links_resolve(parse_page(out / "index.html"), out)


def test_index_reads_only_manifests_and_thumbnails(tmp_path: Path) -> None:
    """Once the thumbnails exist, the page is made from the manifests alone: the briefs'
    own files are not read (titles come from the manifest)."""
    briefs = make_library(tmp_path / "inputs", 4, seed=13)
    out = tmp_path / "out"
    shard_runs(tmp_path / "inputs", out, 2, index=True)
    for brief in briefs:
        brief.brief.write_text("brief: [this is not a brief any more\n", "utf-8")
    thumbs = {p.name: p.stat().st_mtime_ns for p in (out / "thumbs").iterdir()}

    code, said, err = index_command(out)

    assert code == 0, err
    assert said.endswith("(4 briefs, 0 failed)\n")
    text = " ".join(parse_page(out / "index.html").text)
    for brief in briefs:
        assert html.unescape(brief.title) in text
    assert {p.name: p.stat().st_mtime_ns for p in (out / "thumbs").iterdir()} == thumbs


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda out: None, "does not exist: give a batch's --out folder"),
        (lambda out: out.write_text("x"), "is not a folder: give a batch's --out folder"),
        (lambda out: out.mkdir(), "no manifest.json or manifest.shard-K-of-N.json here"),
    ],
)
def test_index_of_a_folder_that_is_not_a_batchs_is_one_line_exit_2(
    tmp_path: Path, make: Any, message: str
) -> None:
    out = tmp_path / "out"
    make(out)
    code, said, err = index_command(out)
    assert (code, said) == (2, "")
    assert err.startswith(f"{out}: {message}")
    assert len(err.splitlines()) == 1
    assert not (out / "index.html").exists()


def test_index_waits_for_the_folders_lock_and_says_who_holds_it(tmp_path: Path) -> None:
    make_library(tmp_path / "inputs", 1, seed=14)
    out = tmp_path / "out"
    run(tmp_path / "inputs", out)
    before = (out / "index.html").read_bytes()
    with (out / LOCK_NAME).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("pid 4242 on somewhere since 2026-01-01T03:00:00Z\n")
        held.flush()
        code, said, err = index_command(out, "--wait", "0")
    assert (code, said) == (75, "")
    assert "(pid 4242 on somewhere since 2026-01-01T03:00:00Z)" in err
    assert (out / "index.html").read_bytes() == before


def test_each_thumbnail_is_made_as_its_brief_renders_not_after_the_run(tmp_path: Path) -> None:
    # The workers make the pictures in parallel: by the time a brief is reported
    # rendered, its thumbnail is on disk, before the index is written at the end.
    from briefgen.batch.events import Finished

    briefs = make_library(tmp_path / "inputs", 4, seed=3)
    out = tmp_path / "out"
    seen: dict[str, list[str]] = {}

    def on_event(event: object) -> None:
        if isinstance(event, Finished) and event.outcome.status == "rendered":
            stem = Path(event.outcome.brief).parent.name
            seen[stem] = [p.name for p in (out / "thumbs").glob(f"{stem}-*.png")]
            assert not (out / "index.html").exists()

    options = BatchOptions(inputs=tmp_path / "inputs", out_dir=out, jobs=2, index=True)
    summary = run_batch(options, on_event)
    assert summary.rendered == len(briefs)
    assert sorted(seen) == sorted(b.folder.name for b in briefs)
    assert all(len(names) == 1 for names in seen.values()), seen
    page = (out / "index.html").read_text("utf-8")
    for names in seen.values():  # and the page shows those very pictures
        assert f'src="thumbs/{names[0]}"' in page


def test_a_thumbnail_that_cannot_be_written_fails_no_brief(tmp_path: Path) -> None:
    briefs = make_library(tmp_path / "inputs", 3, seed=5)
    out = tmp_path / "out"
    out.mkdir()
    (out / "thumbs").write_text("a file where the folder of thumbnails would go")
    summary = run(tmp_path / "inputs", out)
    assert (summary.rendered, summary.failed) == (len(briefs), 0)
    for brief in briefs:
        assert all((out / name).is_file() for name in brief.outputs)
