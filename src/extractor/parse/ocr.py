"""Words for scanned PDFs from Tesseract, as boxes the layout code reads like pdfplumber's.

Used only when a PDF has no text layer and Tesseract is installed (Debian: tesseract-ocr);
otherwise the document is recorded as `needs_ocr`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

OCR_DPI = 300
POINTS_PER_INCH = 72.0
LINE_TO_FONT_SIZE = 0.8  # a text line's box is about 1.25 times its font size
MIN_CONFIDENCE = 30  # Tesseract's per-word confidence (0-100); lower is mostly speckle
SAME_SIZE_SHARE = 0.3  # line heights within this share of the page's typical one are read as body text


def available() -> bool:
    return shutil.which("tesseract") is not None and importlib.util.find_spec("pytesseract") is not None


def page_words(data: bytes) -> Iterator[tuple[int, float, float, list[dict[str, Any]]]]:
    """(page number, width, height, words) for each page, coordinates in PDF points."""
    import pypdfium2 as pdfium
    import pytesseract

    # One thread a Tesseract: the run's parallelism is its workers, and Tesseract's OpenMP threads
    # spin while they wait (measured: a 300 dpi page took 4.7 CPU s with them, 1.6 s without).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            image = page.render(scale=OCR_DPI / POINTS_PER_INCH, grayscale=True).to_pil()
            found = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
            page.close()
            yield index + 1, float(width), float(height), _words(found, POINTS_PER_INCH / OCR_DPI)
    finally:
        pdf.close()


def _words(found: dict[str, list[Any]], scale: float) -> list[dict[str, Any]]:
    keep = [i for i, text in enumerate(found["text"]) if text.strip() and float(found["conf"][i]) >= MIN_CONFIDENCE]
    lines: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i in keep:
        lines[(found["block_num"][i], found["par_num"][i], found["line_num"][i])].append(i)
    spans = {
        key: (min(found["top"][i] for i in members), max(found["top"][i] + found["height"][i] for i in members)) for key, members in lines.items()
    }
    heights = sorted(bottom - top for top, bottom in spans.values())
    body = heights[len(heights) // 2] if heights else 0
    words = []
    for key, members in lines.items():
        top, bottom = spans[key]
        height = bottom - top if abs(bottom - top - body) > SAME_SIZE_SHARE * body else body
        size = height * scale * LINE_TO_FONT_SIZE
        for i in members:
            words.append(
                {
                    "text": found["text"][i].strip(),
                    "x0": found["left"][i] * scale,
                    "x1": (found["left"][i] + found["width"][i]) * scale,
                    "top": top * scale,
                    "bottom": bottom * scale,
                    "size": size,
                    "fontname": "",
                }
            )
    return words
