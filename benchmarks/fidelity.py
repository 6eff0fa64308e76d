"""Fidelity of the PDF text against an independent reader (poppler's `pdftotext`), and counts of
the text faults issue 17 names (page furniture left, glyphs left, split paragraphs, ...).

Both texts drop page furniture (lines repeated at the top or bottom of pdftotext's pages, digits
masked, and bare page numbers) and digits, then are compared as lower-case words:
- words lost: pdftotext's words (as a multiset) missing from ours, as a share of its words;
- 4-grams kept: the share of pdftotext's word 4-grams found in our text. A word moved out of its
  sentence, a page number glued into one, or a compound hyphen dropped breaks them.

    python benchmarks/fidelity.py [FOLDER_OR_PDF ...]   (default ../shared/realworld/ofsted-ilacs-sample)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from extractor.errors import DocumentError
from extractor.model import Document
from extractor.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    """`shared/` beside the repository, or beside the main checkout when this is a git worktree
    (whose `.git` is a file naming the main repository's `.git/worktrees/<name>`)."""
    candidates = [ROOT.parent / "shared"]
    git = ROOT / ".git"
    if git.is_file() and git.read_text(encoding="utf-8").startswith("gitdir:"):
        worktree_dir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        candidates.append(worktree_dir.parent.parent.parent.parent / "shared")
    return next((path for path in candidates if path.is_dir()), candidates[0])


SHARED = _shared()
OFSTED = SHARED / "realworld" / "ofsted-ilacs-sample"
ROBUSTNESS = SHARED / "robustness"
EDGE_LINES = 3  # lines at the top and at the bottom of a pdftotext page that may be furniture
RUNNING_SHARE = 0.3  # an edge line (digits masked) on this share of the pages is a running header or footer
MIN_KEY_WORDS = 3  # shorter running lines ('6 to 10 February 2023') also occur as content, so they are not counted as left
BARE_NUMBER = re.compile(r"(page\s+)?\d{1,4}(\s+(of|/)\s+\d{1,4})?", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
PRIVATE_GLYPH = re.compile(r"[\ue000-\uf8ff]|\(cid:\d+\)")  # glyphs of fonts without a Unicode map
BULLET_GLYPH = re.compile(r"[\ue000-\uf8ff\u25a0-\u25ff\u2700-\u27bf\u2022\u2023\u2043\u2219]|\(cid:\d+\)")
LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")
SENTENCE_END = (".", "!", "?", ":", ";")


def available() -> bool:
    return shutil.which("pdftotext") is not None


def pdftotext_pages(path: Path) -> list[str]:
    """pdftotext's words in its reading order, one string per page and a line per text line.
    Read from `-tsv`, which (unlike its plain output) leaves line-end hyphens as they are printed."""
    out = subprocess.run(["pdftotext", "-tsv", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
    pages: dict[int, dict[tuple[str, ...], list[str]]] = {}
    for row in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) == 12 and fields[0] == "5":
            lines = pages.setdefault(int(fields[1]), {})
            lines.setdefault(tuple(fields[2:5]), []).append(fields[11])
    return ["\n".join(" ".join(words) for words in pages.get(n, {}).values()) for n in range(1, max(pages, default=0) + 1)]


def mask(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def running_lines(pages: list[str]) -> set[str]:
    """Edge lines (digits masked) repeated on enough pages to be running headers or footers."""
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        seen.update({mask(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
    needed = max(3, RUNNING_SHARE * len(pages))
    return {key for key, n in seen.items() if n >= needed and WORD.search(key)}


def _reference_text(pages: list[str], running: set[str]) -> str:
    kept = []
    for page in pages:
        for line in page.splitlines():
            if mask(line) in running or BARE_NUMBER.fullmatch(line.strip()):
                continue
            kept.append(line)
    text = "\n".join(kept)
    joined = set(WORD.findall(text.lower()))

    def mend(match: re.Match[str]) -> str:  # a break-hyphen is joined when the joined word occurs elsewhere
        a, b = match.group(1), match.group(2)
        return a + b if (a + b).lower() in joined else f"{a}-{b}"

    return LINE_END_HYPHEN.sub(mend, text)


def is_page_number_of(text: str, page: int | None) -> bool:
    """'7' on page 7, 'Page 7 of 40', '- 7 -': a page number left in the text, when it is also the
    page's first or last block (a bare number elsewhere may be a chart label, a count or a subscript)."""
    numbers = re.findall(r"\d+", text)
    return bool(numbers) and page is not None and int(numbers[0]) == page


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def grams(tokens: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@dataclass
class Report:
    name: str
    pages: int
    seconds: float
    reference_words: int = 0
    words_lost: int = 0
    grams: int = 0
    grams_kept: int = 0
    counts: Counter[str] = field(default_factory=Counter)


def compare(document: Document, pages: list[str]) -> Report:
    """Words lost and 4-grams kept against pdftotext, and the fault counts, for one document."""
    report = Report(document.doc_id, document.n_pages or 0, 0.0)
    running = running_lines(pages)
    reference = words(_reference_text(pages, running))
    ours = [t for b in document.blocks for t in words(b.text)]
    missing = Counter(reference) - Counter(ours)
    report.reference_words, report.words_lost = len(reference), sum(missing.values())
    ref_grams, our_grams = grams(reference), grams(ours)
    report.grams, report.grams_kept = len(ref_grams), len(ref_grams & our_grams)
    report.counts = fault_counts(document, running, "\n".join(pages))
    return report


def fault_counts(document: Document, running: set[str], reference: str) -> Counter[str]:
    """The issue's table of problems, counted on one parsed document."""
    counts: Counter[str] = Counter()
    blocks = document.blocks
    for i, block in enumerate(blocks):
        text = block.text
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        counts["blocks"] += 1
        counts[block.kind] += 1
        if BARE_NUMBER.fullmatch(text.strip()):
            counts["bare number blocks"] += 1
            previous = blocks[i - 1] if i else None
            at_edge = not previous or previous.page != block.page or not following or following.page != block.page
            counts["own page number blocks"] += at_edge and is_page_number_of(text, block.page)
        glued = re.match(r"(\d{1,3}) [a-z]", text)
        if glued and block.page and abs(int(glued.group(1)) - block.page) <= 1:
            counts["page number glued"] += 1
        masked = mask(text)
        if block.page != 1:  # a cover's title is content, though the running header repeats it
            counts["running lines left"] += sum(masked.count(key) for key in running if len(WORD.findall(key)) >= MIN_KEY_WORDS)
        counts["bullet glyphs left"] += len(BULLET_GLYPH.findall(text))
        counts["private-use glyphs left"] += len(PRIVATE_GLYPH.findall(text))
        if re.match(r"\d{1,3}\.\s", text) and block.kind != "table":
            counts["numbered paragraphs"] += 1
            if following and following.kind == "paragraph" and following.text[:1].islower() and not text.endswith(SENTENCE_END):
                counts["numbered paragraphs split"] += 1
        if block.kind == "table":
            cells = [c for c in text.replace("\n", " | ").split(" | ")]
            if any(len(c.split()) > 40 for c in cells) or re.match(r"\d{1,3}\.\s", text):
                counts["prose tables"] += 1
    counts.update(_hyphen_counts(document.text, reference))
    return counts


def _hyphen_counts(ours: str, reference: str) -> Counter[str]:
    """Line-end hyphens of real compounds (the hyphenated form also occurs mid-line in pdftotext's
    text, the joined form never) and whether our text kept them."""
    counts: Counter[str] = Counter()
    flat = " ".join(reference.split())
    ours_lower = ours.lower()
    for match in LINE_END_HYPHEN.finditer(reference):
        a, b = match.group(1).lower(), match.group(2).lower()
        compound, joined = f"{a}-{b}", a + b
        mid_line = flat.lower().count(compound)
        if mid_line and joined not in flat.lower():
            counts["line-end compounds"] += 1
            counts["line-end compounds kept"] += compound in ours_lower
    return counts


def run(paths: list[Path]) -> list[Report]:
    reports = []
    for path in paths:
        started = time.perf_counter()
        try:
            document = parse_bytes(path.read_bytes(), path.stem)
        except DocumentError as exc:  # a document the parser refuses is reported, not compared
            print(f"{path.name}: not parsed ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        seconds = time.perf_counter() - started
        report = compare(document, pdftotext_pages(path))
        report.seconds = seconds
        reports.append(report)
    return reports


def pdfs(targets: list[Path]) -> list[Path]:
    return sorted(p for t in targets for p in (t.rglob("*.pdf") if t.is_dir() else [t]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", type=Path, default=[OFSTED])
    args = parser.parse_args()
    if not available():
        sys.exit("pdftotext is not installed (Debian: apt-get install poppler-utils).")
    reports = run(pdfs(args.targets))
    total: Counter[str] = Counter()
    for r in reports:
        total.update(r.counts)
        lost = r.words_lost / max(r.reference_words, 1)
        kept = r.grams_kept / max(r.grams, 1)
        print(f"{r.name:45} {r.pages:4}p {r.seconds:6.1f}s lost {lost:7.3%} 4-grams {kept:7.3%}")
    words_total = sum(r.reference_words for r in reports)
    pages, seconds = sum(r.pages for r in reports), sum(r.seconds for r in reports)
    print(f"\n{len(reports)} documents, {pages} pages, {seconds:.1f} s parsing ({pages / max(seconds, 1e-9):.1f} pages/s)")
    print(f"words lost {sum(r.words_lost for r in reports) / max(words_total, 1):.3%} of {words_total}")
    print(f"4-grams kept {sum(r.grams_kept for r in reports) / max(sum(r.grams for r in reports), 1):.3%}")
    for key in sorted(total):
        print(f"  {key}: {total[key]}")


if __name__ == "__main__":
    main()
