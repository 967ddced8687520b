"""Render a reviewed .docx (from `contractlint annotate`) to the PNG shown in the README.

    python scripts/render_annotated.py docs/examples/managed-it-sow.docx docs/annotated-docx.png

LibreOffice converts the reviewed document to PDF (each Word comment becomes a PDF text
annotation at the end of its anchored words) and poppler's `pdftoppm` renders page 1.  LibreOffice
7.4 cannot print comments in the margin, so the margin is drawn here: one box per annotation, its
text exactly the comment's, joined by a line to where the comment is anchored.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

DPI = 100
MARGIN = 430
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
_PDF_WITH_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def main(source: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reviewed = Path(tmp) / "reviewed.docx"
        subprocess.run(["contractlint", "annotate", str(source), "-o", str(reviewed)], check=True)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", _PDF_WITH_NOTES,
             "--outdir", tmp, str(reviewed)],
            check=True, capture_output=True,
        )  # fmt: skip
        pdf = Path(tmp) / "reviewed.pdf"
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf), f"{tmp}/page"], check=True)
        page = Image.open(next(Path(tmp).glob("page*.png"))).convert("RGB")
        notes = _annotations(PdfReader(pdf))
    _compose(page, notes).save(png, optimize=True)


def _annotations(reader: PdfReader) -> list[tuple[float, float, str]]:
    """(x, y in pixels from the top left, comment text) for each comment on page 1."""
    page = reader.pages[0]
    height = float(page.mediabox.height)
    notes = []
    for ref in page.get("/Annots", []):
        note = ref.get_object()
        if note.get("/Subtype") == "/Text":
            x, y0, _, y1 = (float(v) for v in note["/Rect"])
            notes.append((x * DPI / 72, (height - (y0 + y1) / 2) * DPI / 72, str(note["/Contents"])))
    return sorted(notes, key=lambda n: n[1])


def _compose(page: Image.Image, notes: list[tuple[float, float, str]]) -> Image.Image:
    text_font, code_font = ImageFont.truetype(FONT, 13), ImageFont.truetype(BOLD, 13)
    bottom = int(max(y for _, y, _ in notes) + 2.2 * DPI)
    top = int(min(y for _, y, _ in notes) - 1.6 * DPI)
    body = page.crop((int(0.6 * DPI), max(top, 0), page.width - int(0.6 * DPI), min(bottom, page.height)))
    out = Image.new("RGB", (body.width + MARGIN, body.height + 40), "white")
    out.paste(body, (0, 0))
    draw = ImageDraw.Draw(out)
    draw.rectangle((body.width, 0, out.width, out.height), fill="#f3f3f3")
    next_free = 10
    for x, y, text in notes:
        ax, ay = x - 0.6 * DPI, y - max(top, 0)
        head, _, rest = text.partition(": ")
        lines = textwrap.wrap(rest, 52)
        box_top = max(next_free, int(ay) - 12)
        box = (body.width + 12, box_top, out.width - 12, box_top + 22 + 17 * len(lines))
        draw.line((ax, ay, box[0], box_top + 10), fill="#c0504d", width=2)
        draw.rounded_rectangle(box, 6, fill="white", outline="#c0504d", width=2)
        draw.text((box[0] + 8, box_top + 4), f"contractlint · {head}", font=code_font, fill="#7f1d1d")
        for i, line in enumerate(lines):
            draw.text((box[0] + 8, box_top + 21 + 17 * i), line, font=text_font, fill="#222222")
        next_free = box[3] + 8
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
