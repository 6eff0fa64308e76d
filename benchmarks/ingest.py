"""Benchmark of ingestion end to end, against raw pdfplumber and pypdfium2, in one run.

    python benchmarks/ingest.py [--min-pages 2000] [--long-pages 1000] [--work DIR] [--json FILE]
    python benchmarks/ingest.py --real --min-pages 0 --long-pages 0   # the real Ofsted sample, each PDF once

Builds a benchmark corpus of distinct copies (a trailing comment changes each copy's content
hash) of every PDF with a text layer in `corpus/` and `../shared/robustness/pdfplumber-tests/`, until it
holds at least `--min-pages` pages, and measures on this machine, in this order:

1. baseline: raw pdfplumber `page.extract_text()` over every PDF, one process (measured before
   and again after step 3; the ratio uses the mean);
2. ceiling: pypdfium2 text extraction (`get_text_range`) over the same PDFs, one process;
3. cold ingest (plain Python, `run.workers` processes): parse, extract, write, into a new folder;
4. re-run with nothing changed;
5. re-run after one document changed;
6. one PDF of `--long-pages` pages (pages of the corpus concatenated with pypdfium2) alone;
7. the same cold ingest through the Prefect flow (ephemeral server; its start-up timed apart),
   twice, with a plain run between them: the overhead compares the means.

Memory is sampled every SAMPLE_S seconds over this process and all its children (the worker
processes): the peak of their summed RSS, the largest single worker, and the workers' RSS early
and late in the cold run (flat means no growth from document to document).
Speed is measured, never asserted: the figures and their ratios are printed (and written to
`--json`); `benchmarks/README.md` records the latest ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterator

import pdfplumber
import psutil
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"  # other people's PDFs: read from ../shared, never committed
SOURCES = [ROOT / "corpus", SHARED / "robustness" / "pdfplumber-tests"]
REAL_SAMPLE = SHARED / "realworld" / "ofsted-ilacs-sample"  # --real: real inspection reports, each once
LONG_SOURCES = sorted((ROOT / "corpus").glob("*.pdf"))  # the genre's own pages for the long PDF
REAP_S = 0.5
SAMPLE_S = 0.1
LONG_TIMEOUT_S = 3600.0  # the long PDF is measured, not stopped (the default limit is 120 s)
MIB = 1024 * 1024
FLOW_PAIRS = 3


# --- the corpus --------------------------------------------------------------------------


def text_pdfs(sources: list[Path]) -> list[tuple[Path, int]]:
    """PDFs pdfplumber opens whose pages have a text layer (no OCR: the baselines do not OCR), with
    their page counts; identical files once."""
    found, seen = [], set()
    for folder in sources:
        for path in sorted(folder.glob("*.pdf")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            try:
                with pdfplumber.open(path) as pdf:
                    pages = len(pdf.pages)
                    has_text = pages > 0 and any(page.chars for page in pdf.pages[:3])
            except Exception:
                continue
            if has_text:
                found.append((path, pages))
    return found


def build_corpus(target: Path, sources: list[tuple[Path, int]], min_pages: int) -> tuple[list[Path], int]:
    """Distinct copies (a trailing comment per copy) until there are at least `min_pages` pages."""
    target.mkdir(parents=True)
    files, pages, copy = [], 0, 0
    while copy == 0 or pages < min_pages:
        for source, n in sources:
            path = target / f"{copy:02d}-{source.name}"
            path.write_bytes(source.read_bytes() + f"\n%benchmark copy {copy}\n".encode())
            files.append(path)
            pages += n
        copy += 1
    return files, pages


def build_long_pdf(path: Path, pages: int) -> None:
    """One PDF of `pages` pages: the corpus's pages over and over, concatenated with pypdfium2."""
    long = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(str(p)) for p in LONG_SOURCES]
    while len(long) < pages:
        for source in sources:
            take = min(len(source), pages - len(long))
            if take <= 0:
                break
            long.import_pages(source, list(range(take)))
    long.save(str(path))
    for source in sources:
        source.close()
    long.close()


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Memory:
    """RSS samples of this process and its children: (seconds since start, total, {pid: rss})."""

    samples: list[tuple[float, int, dict[int, int]]] = field(default_factory=list)

    @property
    def peak_total(self) -> int:
        return max((total for _, total, _ in self.samples), default=0)

    @property
    def peak_worker(self) -> int:
        me = os.getpid()
        return max((rss for _, _, per in self.samples for pid, rss in per.items() if pid != me), default=0)

    def workers_between(self, start: float, end: float) -> float:
        """Median over the samples in [start, end) (shares of the run) of the largest worker's RSS."""
        if not self.samples:
            return 0.0
        last = self.samples[-1][0] or 1.0
        me = os.getpid()
        values = [max((rss for pid, rss in per.items() if pid != me), default=0) for t, _, per in self.samples if start <= t / last < end]
        return statistics.median(values) if values else 0.0


@contextmanager
def sampled() -> Iterator[Memory]:
    memory, stop = Memory(), threading.Event()
    me = psutil.Process()
    started = time.perf_counter()

    def sample() -> None:
        while not stop.is_set():
            per: dict[int, int] = {}
            for process in [me, *me.children(recursive=True)]:
                try:
                    per[process.pid] = process.memory_info().rss
                except psutil.Error:
                    pass
            memory.samples.append((time.perf_counter() - started, sum(per.values()), per))
            stop.wait(SAMPLE_S)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield memory
    finally:
        stop.set()
        thread.join()


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def _tree_cpu() -> dict[int, float]:
    """CPU seconds of each process below this one, its reaped children's included."""
    spent = {}
    for process in psutil.Process().children(recursive=True):
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        spent[process.pid] = times.user + times.system + times.children_user + times.children_system
    return spent


@contextmanager
def cpu_seconds() -> Iterator[list[float]]:
    """CPU time of this process, of its children that ended meanwhile, and of the processes still
    below it: the workers are forked by multiprocessing's fork server, which reaps them and lives
    on, so their time is the server's (or, while they run, their own), not this process's
    children's. One value, appended when the block ends."""
    own, below = os.times(), _tree_cpu()
    spent: list[float] = []
    yield spent
    time.sleep(REAP_S)  # the server reaps the workers the run has just closed
    after, now = os.times(), _tree_cpu()
    mine = sum(getattr(after, f) - getattr(own, f) for f in ("user", "system", "children_user", "children_system"))
    spent.append(mine + sum(seconds - below.get(pid, 0.0) for pid, seconds in now.items()))


def pdfplumber_text(files: list[Path]) -> int:
    pages = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def pdfium_text(files: list[Path]) -> int:
    pages = 0
    for path in files:
        document = pdfium.PdfDocument(str(path))
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        document.close()
    return pages


# --- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-pages", type=int, default=2000, help="pages in the benchmark corpus, at least (default 2000)")
    parser.add_argument("--long-pages", type=int, default=1000, help="pages of the long PDF (default 1000; 0 to skip)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2: this machine's cores)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and tables (default: a temporary one, removed)")
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect flow measurement")
    parser.add_argument("--real", action="store_true", help=f"the corpus is the real PDFs in {REAL_SAMPLE} (--min-pages 0: each once)")
    parser.add_argument("--engine", choices=["auto", "pdfplumber"], default="auto", help="parse.pdf_engine of the ingests (default auto)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    work = args.work or Path(tempfile.mkdtemp(prefix="extractor-bench-"))
    if args.work is not None and work.exists():
        shutil.rmtree(work)
    try:
        figures = run(work, args)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


def run(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from extractor.config import Parse, Run, Settings
    from extractor.ingest import ingest

    figures: dict[str, Any] = {"machine": machine(), "engine": args.engine}
    print("machine:", figures["machine"], "; engine:", args.engine)
    if args.real and not REAL_SAMPLE.is_dir():
        raise SystemExit(f"--real: {REAL_SAMPLE} does not exist (it is read from ../shared beside the repository)")
    sources = text_pdfs([REAL_SAMPLE] if args.real else SOURCES)
    files, pages = build_corpus(work / "corpus", sources, args.min_pages)
    figures["corpus"] = {"documents": len(files), "pages": pages, "real": args.real}
    print(f"corpus: {len(files)} PDFs, {pages} pages (distinct copies of {len(sources)} PDFs)")

    with cpu_seconds() as cpu:
        seconds, counted = timed(pdfplumber_text, files)
    figures["baseline_pdfplumber_pages_s"] = counted / seconds
    figures["baseline_cpu_s_per_page"] = cpu[0] / counted
    print(f"baseline  pdfplumber extract_text, 1 process: {counted / seconds:8.1f} pages/s ({seconds:.1f} s; {cpu[0] / counted:.3f} CPU s/page)")
    seconds, counted = timed(pdfium_text, files)
    figures["ceiling_pypdfium2_pages_s"] = counted / seconds
    print(f"ceiling   pypdfium2 text, 1 process:           {counted / seconds:8.1f} pages/s ({seconds:.2f} s)")

    settings = Settings(
        corpus=work / "corpus", out=work / "plain", run=Run(workers=args.workers, orchestrator="python"), parse=Parse(pdf_engine=args.engine)
    )
    with sampled() as memory, cpu_seconds() as cpu:
        cold, summary = timed(ingest, settings)
    assert summary.pages == pages and summary.counts["ok"] == len(files), summary.line()
    figures["cold_s"] = cold
    figures["cold_pages_s"] = pages / cold
    figures["cold_cpu_s_per_page"] = cpu[0] / pages
    figures["cold_peak_rss_mib"] = memory.peak_total / MIB
    figures["cold_peak_worker_rss_mib"] = memory.peak_worker / MIB
    figures["cold_worker_rss_first_quarter_mib"] = memory.workers_between(0.0, 0.25) / MIB
    figures["cold_worker_rss_last_quarter_mib"] = memory.workers_between(0.75, 1.0) / MIB
    print(f"cold      ingest, plain Python, {args.workers} workers:     {pages / cold:8.1f} pages/s ({cold:.1f} s; {cpu[0] / pages:.3f} CPU s/page)")
    print(
        f"          peak RSS, all processes {memory.peak_total / MIB:,.0f} MiB; largest worker {memory.peak_worker / MIB:,.0f} MiB; "
        f"workers' RSS first quarter {figures['cold_worker_rss_first_quarter_mib']:,.0f} MiB, "
        f"last quarter {figures['cold_worker_rss_last_quarter_mib']:,.0f} MiB"
    )

    seconds, _ = timed(pdfplumber_text, files)  # again after the cold run: drift on a shared machine falls on both
    figures["baseline_runs_pages_s"] = [figures["baseline_pdfplumber_pages_s"], counted / seconds]
    figures["baseline_pdfplumber_pages_s"] = statistics.mean(figures["baseline_runs_pages_s"])
    print(
        f"baseline  again, after the cold run:           {counted / seconds:8.1f} pages/s ({seconds:.1f} s); mean {figures['baseline_pdfplumber_pages_s']:.1f}"
    )

    stored = sum(path.stat().st_size for path in (settings.out / ".current").resolve().rglob("*.parquet"))
    source_bytes = sum(path.stat().st_size for path in files)
    figures["tables_bytes_per_page"] = stored / pages
    figures["pdf_bytes_per_page"] = source_bytes / pages
    print(f"          tables {stored / pages / 1024:,.1f} KiB per page; the PDFs {source_bytes / pages / 1024:,.1f} KiB per page")

    rerun, summary = timed(ingest, settings)
    assert summary.counts["skipped"] == len(files)
    figures["rerun_unchanged_s"] = rerun
    print(f"re-run    nothing changed:                     {rerun:8.2f} s")

    changed = files[len(files) // 2]
    changed.write_bytes(changed.read_bytes() + b"%changed\n")
    one, summary = timed(ingest, settings)
    assert summary.counts["ok"] == 1 and summary.counts["skipped"] == len(files) - 1
    figures["rerun_one_changed_s"] = one
    print(f"re-run    one document changed ({summary.pages} pages):        {one:8.2f} s")

    if args.long_pages:  # before the flow: the Prefect server would be a child process, counted in the RSS
        long_figures(work, args, figures)
    if not args.no_flow:
        flow_figures(work, settings, pages, cold, figures)
    ratios(figures)
    return figures


def flow_figures(work: Path, settings: Any, pages: int, cold: float, figures: dict[str, Any]) -> None:
    """Plain and flow runs alternate, FLOW_PAIRS of each, so drift on a shared machine falls on
    both; the overhead compares their means (the cold run above, made before the Prefect server
    started, counts in the cold ratio, not here)."""
    from extractor.flows.ingest import ingest as ingest_flow
    from extractor.ingest import ingest

    empty = work / "empty"
    empty.mkdir()
    config = work / "config.yaml"  # the flow reads its settings from a file, as a deployment does
    config.write_text(f"run:\n  workers: {settings.run.workers}\nparse:\n  pdf_engine: {settings.parse.pdf_engine}\n")
    startup, _ = timed(ingest_flow, config=config, corpus=empty, out=work / "warm-up")  # starts the ephemeral server
    flows, plains = [], [cold]
    for attempt in range(FLOW_PAIRS):  # plain, flow, plain, flow, ...: the same server up for both
        seconds, _ = timed(ingest, settings.model_copy(update={"out": work / f"plain-{attempt}"}))
        plains.append(seconds)
        seconds, summary = timed(ingest_flow, config=config, corpus=settings.corpus, out=work / f"flow-{attempt}", force=True)
        assert summary.pages == pages
        flows.append(seconds)
    figures["flow_startup_s"] = startup
    figures["flow_runs_s"] = flows
    figures["plain_runs_s"] = plains
    figures["flow_s"] = sum(flows) / len(flows)
    figures["flow_plain_s"] = sum(plains[1:]) / len(plains[1:])  # the plain runs made beside the flow runs
    figures["flow_pages_s"] = pages / figures["flow_s"]
    print(
        f"flow      ingest through Prefect:              {pages / figures['flow_s']:8.1f} pages/s "
        f"(runs {', '.join(f'{s:.1f}' for s in flows)} s, plain runs between {', '.join(f'{s:.1f}' for s in plains)} s; "
        f"server start-up {startup:.1f} s apart)"
    )


def long_figures(work: Path, args: argparse.Namespace, figures: dict[str, Any]) -> None:
    from extractor.config import Limits, Parse, Run, Settings
    from extractor.ingest import ingest

    corpus = work / "long"
    corpus.mkdir()
    build_long_pdf(corpus / "long.pdf", args.long_pages)
    settings = Settings(
        corpus=corpus,
        out=work / "long-out",
        run=Run(workers=1, orchestrator="python"),
        parse=Parse(pdf_engine=args.engine),
        limits=Limits(document_timeout_s=LONG_TIMEOUT_S, max_pages=max(args.long_pages, 2000)),
    )
    with sampled() as memory:
        seconds, summary = timed(ingest, settings)
    assert summary.counts["ok"] == 1, summary.line()
    figures["long_pages"] = summary.pages
    figures["long_s"] = seconds
    figures["long_peak_rss_mib"] = memory.peak_total / MIB
    figures["long_peak_worker_rss_mib"] = memory.peak_worker / MIB
    figures["long_worker_rss_by_quarter_mib"] = [memory.workers_between(q / 4, (q + 1) / 4) / MIB for q in range(4)]
    print(
        f"long PDF  {summary.pages} pages in {seconds:.1f} s: peak RSS {memory.peak_total / MIB:,.0f} MiB all processes, "
        f"worker {memory.peak_worker / MIB:,.0f} MiB; worker by quarter "
        + ", ".join(f"{v:,.0f}" for v in figures["long_worker_rss_by_quarter_mib"])
        + " MiB"
    )


def ratios(figures: dict[str, Any]) -> None:
    cold = figures["cold_s"]
    # every plain cold run (the first, and the one between the flow runs) against the baseline's
    # two runs: drift on a shared machine falls on both sides, as for the flow's overhead
    plains = figures.get("plain_runs_s", [cold])
    figures["cold_mean_pages_s"] = figures["corpus"]["pages"] / statistics.mean(plains)
    figures["ratio_cold_vs_baseline"] = figures["cold_mean_pages_s"] / figures["baseline_pdfplumber_pages_s"]
    figures["ratio_ceiling_vs_baseline"] = figures["ceiling_pypdfium2_pages_s"] / figures["baseline_pdfplumber_pages_s"]
    figures["ratio_rerun_unchanged_vs_cold"] = figures["rerun_unchanged_s"] / cold
    figures["ratio_rerun_one_changed_vs_cold"] = figures["rerun_one_changed_s"] / cold
    print("ratios (targets in brackets):")
    print(
        f"  cold ingest / pdfplumber baseline, pages/s:  {figures['ratio_cold_vs_baseline']:6.2f}x  [>= 5x real PDFs, >= 3x bundled] "
        f"(means: {figures['cold_mean_pages_s']:.1f} pages/s over {len(plains)} plain cold runs, baseline over 2 runs; "
        f"first cold run alone {figures['cold_pages_s'] / figures['baseline_pdfplumber_pages_s']:.2f}x)"
    )
    print(f"  pypdfium2 ceiling / pdfplumber baseline:    {figures['ratio_ceiling_vs_baseline']:6.1f}x")
    print(f"  re-run, nothing changed / cold:              {figures['ratio_rerun_unchanged_vs_cold']:6.1%}  [<= 10%]")
    print(f"  re-run, one document changed / cold:         {figures['ratio_rerun_one_changed_vs_cold']:6.1%}  [<= 15%]")
    if "flow_s" in figures:
        figures["ratio_flow_overhead"] = figures["flow_s"] / figures["flow_plain_s"] - 1
        print(
            f"  flow / plain Python, same work (means):      {1 + figures['ratio_flow_overhead']:6.2f}x (overhead {figures['ratio_flow_overhead']:+.1%})  [< +5%]"
        )
    if "long_peak_worker_rss_mib" in figures:
        print(f"  peak RSS, {figures['long_pages']}-page PDF, whole run:      {figures['long_peak_rss_mib']:6.0f} MiB  [< 1024 MiB]")


def machine() -> str:
    cores = os.cpu_count()
    packages = ", ".join(f"{name} {version(name)}" for name in ("pdfplumber", "pypdfium2", "spacy", "pyarrow", "prefect"))
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{platform.machine()}, {cores} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, {platform.python_implementation()} {platform.python_version()}; {packages}; load average at start {load}"


if __name__ == "__main__":
    sys.exit(main())
