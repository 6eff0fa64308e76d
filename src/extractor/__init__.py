"""Read safeguarding partnership reports and committee papers into queryable tables."""

__version__ = "0.1.0"
