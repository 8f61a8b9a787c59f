"""A template's logo: drawn in the page header of both formats, and refused, on one line
naming style.yaml, the line and the field, when the file will not do."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from conftest import ROOT, line_of
from PIL import Image, ImageDraw

from briefgen.cli import main

EPOCH = "1732492800"  # 2024-11-25T00:00:00Z
MM = 72 / 25.4  # points per millimetre
EMU_PER_MM = 36_000
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


# --------------------------------------------------------------------------- helpers


def png(path: Path, size: tuple[int, int] = (240, 80)) -> Path:
    """A small logo with a transparent background."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[1] - 1, size[1] - 1), fill=(31, 58, 95, 255))
    draw.rectangle((size[1] + 8, size[1] // 4, size[0] - 1, size[1] // 2), fill=(164, 38, 44))
    image.save(path, "PNG")
    return path


def jpeg(path: Path, size: tuple[int, int] = (90, 60)) -> Path:
    Image.new("RGB", size, (31, 58, 95)).save(path, "JPEG", quality=80)
    return path


def bomb_png(path: Path, side: int = 20_000) -> Path:
    """A valid 1-bit PNG of side × side pixels: ~50 KB on disk, 400 megapixels decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (1 + side // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def template(tmp_path: Path, logo: str | None, extra: str = "") -> Path:
    """A copy of the built-in template with a ``logo:`` section naming ``logo``."""
    folder = tmp_path / "tpl"
    if not folder.exists():
        shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    if logo is not None:
        section = f"\nlogo:\n  file: {logo}\n  alt: Ministry of Examples\n{extra}"
        style.write_text(style.read_text("utf-8") + section, "utf-8")
    return folder


def render(brief: Path, folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return main(["render", str(brief), "--template", str(folder), "--out", str(out)])


def pdf_logos(data: bytes) -> list[list[tuple[float, float, float, float]]]:
    """Per page: (x, y, width, height) in points of each image XObject drawn on it."""
    pages = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            resources = page.obj.Resources
            xobjects = resources.XObject if "/XObject" in resources else pikepdf.Dictionary()
            images = {name for name, x in xobjects.items() if x.get("/Subtype") == "/Image"}
            drawn, matrix = [], None
            for instruction in pikepdf.parse_content_stream(page):
                operator, operands = str(instruction.operator), instruction.operands
                if operator == "cm":
                    matrix = [float(v) for v in operands]
                elif operator == "Do" and str(operands[0]) in images and matrix:
                    w, _, _, h, x, y = matrix
                    drawn.append((x, y, w, h))
            pages.append(drawn)
    return pages


def docx_header_pictures(data: bytes) -> list[tuple[str, int, int]]:
    """(media part, cx, cy) of each picture in the header parts, via their relationships."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not (name.startswith("word/header") and name.endswith(".xml")):
                continue
            rels_name = f"word/_rels/{name.removeprefix('word/')}.rels"
            rels = ElementTree.fromstring(package.read(rels_name))
            targets = {
                rel.get("Id"): rel.get("Target", "") for rel in rels if rel.get("Type") == IMAGE_REL
            }
            header = ElementTree.fromstring(package.read(name))
            for inline in header.iterfind(".//wp:inline", NS):
                extent = inline.find("wp:extent", NS)
                blip = inline.find(".//a:blip", NS)
                assert extent is not None
                assert blip is not None
                target = targets[blip.get(f"{{{NS['r']}}}embed")]
                assert f"word/{target}" in package.namelist()
                found.append((target, int(extent.get("cx", 0)), int(extent.get("cy", 0))))
    return found


# --------------------------------------------------------------------------- good logos


def test_png_logo_in_every_page_header(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = template(tmp_path, "logo.png", "  height_mm: 9\n")
    png(folder / "logo.png", (240, 80))
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 0

    data = (out / "reset-with-russia.tpl.pdf").read_bytes()
    pages = pdf_logos(data)
    assert len(pages) >= 2
    left_margin = 21 * MM  # templates/brief/style.yaml
    for drawn in pages:
        assert len(drawn) == 1
        x, _, w, h = drawn[0]
        assert x == pytest.approx(left_margin, abs=0.01)
        assert h == pytest.approx(9 * MM, abs=0.01)
        assert w == pytest.approx(27 * MM, abs=0.01)  # 240 × 80 pixels: three times as wide
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [
            x for x in pdf.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Image"
        ]
        assert "/SMask" in images[0]  # the transparent background stays transparent

    pictures = docx_header_pictures((out / "reset-with-russia.tpl.docx").read_bytes())
    assert pictures == [("media/image1.png", 27 * EMU_PER_MM, 9 * EMU_PER_MM)]


def test_jpeg_logo_at_the_right_and_bytes_reproducible(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = template(tmp_path, "art/crest.jpg", "  height_mm: 8\n  position: right\n")
    (folder / "art").mkdir()
    jpeg(folder / "art" / "crest.jpg", (90, 60))
    first, second = tmp_path / "one", tmp_path / "two"
    assert render(sample_dir / "brief.yaml", folder, first, monkeypatch) == 0
    assert render(sample_dir / "brief.yaml", folder, second, monkeypatch) == 0
    for name in ("reset-with-russia.tpl.pdf", "reset-with-russia.tpl.docx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name

    right_edge = (210 - 21) * MM
    for drawn in pdf_logos((first / "reset-with-russia.tpl.pdf").read_bytes()):
        ((x, _, w, h),) = drawn
        assert w == pytest.approx(12 * MM, abs=0.01)
        assert h == pytest.approx(8 * MM, abs=0.01)
        assert x + w == pytest.approx(right_edge, abs=0.01)
    pictures = docx_header_pictures((first / "reset-with-russia.tpl.docx").read_bytes())
    assert pictures == [("media/image1.jpeg", 12 * EMU_PER_MM, 8 * EMU_PER_MM)]


def test_default_template_has_no_logo() -> None:
    from briefgen.templates import find_template

    assert find_template("brief").style.logo is None
    assert "logo" not in (ROOT / "templates" / "brief" / "style.yaml").read_text("utf-8")


# --------------------------------------------------------------------------- bad logos


def _text_file(folder: Path) -> str:
    (folder / "logo.png").write_text("this is not a picture\n", "utf-8")
    return "logo.png"


def _gif(folder: Path) -> str:
    Image.new("P", (30, 10)).save(folder / "logo.gif", "GIF")
    return "logo.gif"


def _svg(folder: Path) -> str:
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    return "logo.svg"


def _too_big(folder: Path) -> str:
    data = (png(folder / "small.png")).read_bytes()
    (folder / "logo.png").write_bytes(data + b"\x00" * (2 * 1024 * 1024))
    return "logo.png"


def _bomb(folder: Path) -> str:
    bomb_png(folder / "logo.png")
    return "logo.png"


def _damaged(folder: Path) -> str:
    data = png(folder / "whole.png").read_bytes()
    (folder / "logo.png").write_bytes(data[: len(data) // 2])
    return "logo.png"


def _truncated_jpeg(folder: Path) -> str:
    data = jpeg(folder / "whole.jpg").read_bytes()
    (folder / "logo.jpg").write_bytes(data[: len(data) * 2 // 3])
    return "logo.jpg"


def _missing(folder: Path) -> str:
    return "logo.png"


def _a_folder(folder: Path) -> str:
    (folder / "images").mkdir()
    return "images"


def _climbs_out(folder: Path) -> str:
    return "../../etc/passwd"


def _absolute(folder: Path) -> str:
    return str(png(folder.parent / "outside.png"))


def _symlink_out(folder: Path) -> str:
    (folder / "logo.png").symlink_to(png(folder.parent / "outside.png"))
    return "logo.png"


def _too_wide(folder: Path) -> str:
    png(folder / "banner.png", (2000, 100))  # 180 mm wide at 9 mm high
    return "banner.png"


BAD = [
    pytest.param(_missing, "logo.file", "does not exist in the template folder", id="missing"),
    pytest.param(_a_folder, "logo.file", "is a folder, not an image file", id="folder"),
    pytest.param(_text_file, "logo.file", "'logo.png' is not a PNG or JPEG image", id="not-image"),
    pytest.param(_gif, "logo.file", "is a GIF image; the logo must be a PNG or JPEG", id="gif"),
    pytest.param(_svg, "logo.file", "is an SVG drawing (export it as a PNG)", id="svg"),
    pytest.param(_too_big, "logo.file", "the limit for a logo is 2 MB", id="too-big"),
    pytest.param(
        _bomb,
        "logo.file",
        "is 20,000 × 20,000 pixels (400 megapixels); the limit for a logo is 25 megapixels",
        id="bomb",
    ),
    pytest.param(_damaged, "logo.file", "is a damaged PNG image", id="damaged"),
    pytest.param(_truncated_jpeg, "logo.file", "is a damaged JPEG image", id="truncated-jpeg"),
    pytest.param(_climbs_out, "logo.file", "is outside the template folder", id="dotdot"),
    pytest.param(_absolute, "logo.file", "is an absolute path", id="absolute"),
    pytest.param(_symlink_out, "logo.file", "leads outside the template folder", id="symlink"),
    pytest.param(_too_wide, "logo.file", "is too wide for the header", id="too-wide"),
]


@pytest.mark.parametrize(("make", "field", "message"), BAD)
def test_bad_logo_is_one_line_naming_file_line_and_field(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], str],
    field: str,
    message: str,
) -> None:
    folder = template(tmp_path, None)
    name = make(folder)
    template(tmp_path, name)
    style = folder / "style.yaml"
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    line = line_of(style, "  file:")
    assert err.startswith(f"{style}:{line} {field}: "), err
    assert message in err
    assert "Traceback" not in err
    assert "Decompression" not in err  # Pillow's own bomb check never runs, let alone leaks
    assert not out.exists() or not any(out.iterdir())


def test_logo_too_tall_for_the_top_margin(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = template(tmp_path, "logo.png", "  height_mm: 14\n")  # the top margin is 20 mm
    png(folder / "logo.png")
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 2
    err = capsys.readouterr().err
    line = line_of(folder / "style.yaml", "height_mm: 14")
    assert err == (
        f"{folder / 'style.yaml'}:{line} logo.height_mm: a 14 mm logo does not fit in the "
        "20 mm top margin (page.margins_mm.top): at most 10.0 mm does\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("  height_mm: 2\n", "logo.height_mm", "should be 4.0 or more"),
        ("  position: middle\n", "logo.position", "should be one of 'left' or 'right'"),
        ("  width_mm: 30\n", "logo.width_mm", "unknown key 'width_mm'"),
    ],
)
def test_logo_settings_are_checked_like_the_rest(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: str,
    field: str,
    message: str,
) -> None:
    folder = template(tmp_path, "logo.png", extra)
    png(folder / "logo.png")
    assert render(sample_dir / "brief.yaml", folder, tmp_path / "out", monkeypatch) == 2
    err = capsys.readouterr().err
    line = line_of(folder / "style.yaml", extra.split(":")[0])
    assert err.startswith(f"{folder / 'style.yaml'}:{line} {field}: "), err
    assert message in err


def test_the_logo_is_a_figure_with_its_alt_text_once_and_furniture_after(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = template(tmp_path, "logo.png")
    png(folder / "logo.png")
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 0
    with pikepdf.open(out / "reset-with-russia.tpl.pdf") as pdf:
        first = pdf.Root.StructTreeRoot.K.K[0]  # the Document's first element
        assert first.S == "/Figure"
        assert str(first.Alt) == "Ministry of Examples"
        for number, page in enumerate(pdf.pages):
            tags: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = bytes(operator)
                if op in (b"BDC", b"BMC"):
                    tags.append(str(operands[0]))
                elif op == b"EMC":
                    tags.pop()
                elif op == b"Do":  # the logo: content on page 1, an artifact after
                    assert tags[-1] == ("/Figure" if number == 0 else "/Artifact"), number
    with zipfile.ZipFile(out / "reset-with-russia.tpl.docx") as package:
        header = "".join(
            package.read(n).decode() for n in package.namelist() if n.startswith("word/header")
        )
    assert 'descr="Ministry of Examples"' in header


def test_a_logo_without_alt_text_is_refused_naming_the_field(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = template(tmp_path, None)
    png(folder / "logo.png")
    style = folder / "style.yaml"
    style.write_text(style.read_text("utf-8") + "\nlogo:\n  file: logo.png\n", "utf-8")
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{style}:"), err
    assert "logo.alt" in err
    assert "Traceback" not in err


def test_a_brief_with_a_logo_has_nothing_for_check_to_report(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = template(tmp_path, "logo.png")
    png(folder / "logo.png")
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", folder, out, monkeypatch) == 0
    files = sorted(str(p) for p in out.iterdir())
    capsys.readouterr()
    assert main(["check", *files]) == 0
    assert capsys.readouterr().out == "".join(f"{f}: no findings\n" for f in files)
