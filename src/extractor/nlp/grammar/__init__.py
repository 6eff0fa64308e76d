"""The shared grammar of the genre: one home for numbers, periods, list markers, names and
resolution wording, used by every component instead of per-component copies."""
