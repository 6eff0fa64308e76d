"""Metadata on real PDFs nobody here wrote (Ofsted inspections of children's services, in
`../shared/realworld/ofsted-ilacs-sample/`, never copied into the repository): each is an inspection
report, and its period is the year of its own "Inspection dates:" line, not a year mentioned in passing.

The years were read from the reports' first pages by eye.
"""

from __future__ import annotations

import re

import pytest

from extractor.nlp.pipeline import extract
from extractor.parse import parse_bytes
from tests.nlp.test_statistics_realworld import _sample

pytestmark = pytest.mark.slow

INSPECTION_YEARS = {  # report -> the year of its inspection dates line, as printed on page 1
    "staffordshire-11-march-2019.pdf": "2019",  # 4 February 2019 to 8 February 2019
    "gateshead-11-june-2019.pdf": "2019",  # 29 April 2019 to 3 May 2019
    "bexley-24-march-2023.pdf": "2023",  # 6 to 10 February 2023
}


@pytest.mark.parametrize("name", sorted(INSPECTION_YEARS))
def test_inspection_report_kind_and_period_from_its_dates_line(name):
    folder = _sample()
    if folder is None or not (folder / name).is_file():
        pytest.skip(f"{name} is not on this machine (the real-PDF sample lives in ../shared/realworld/)")
    metadata, _ = extract(parse_bytes((folder / name).read_bytes(), name))
    assert metadata["kind"] == "inspection_report"
    assert set(re.findall(r"\b(?:19|20)\d\d\b", metadata["period_label"] or "")) == {INSPECTION_YEARS[name]}
    assert metadata["period_start"].startswith(INSPECTION_YEARS[name])
