"""Every error the pipeline raises on purpose, each naming where it happened and what to do.

    ExtractorError
    ├── ConfigError            a config file or value is wrong (names the file and the field)
    ├── OutputError            the output folder cannot be used (locked, not writable, bad table)
    └── DocumentError          one document cannot be processed; the run records it and goes on
        ├── EmptyDocument      zero bytes, zero pages, or no content
        ├── UnsupportedType    the bytes are not PDF, HTML or plain text
        ├── CorruptDocument    the parser could not read the file
        ├── EncryptedDocument  password-protected
        ├── TooLarge           over a configured size or page limit
        └── Timeout            took longer than the per-document limit

A `DocumentError` carries a `status` for the `documents` table (`failed` or `needs_ocr`)
and a message meant for a person: what is wrong and what to do about it.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Base of every error the extractor raises on purpose."""


class ConfigError(ExtractorError):
    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source, self.field, self.problem = source, field, problem
        super().__init__(f"{source}: field '{field}': {problem}")


class OutputError(ExtractorError):
    """The output folder cannot be written or read as a table store."""


class DocumentError(ExtractorError):
    status = "failed"
    advice = ""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        message = detail if not self.advice else f"{detail} {self.advice}"
        super().__init__(message)


class EmptyDocument(DocumentError):
    advice = "Check that the file downloaded completely, then re-run."


class UnsupportedType(DocumentError):
    advice = "Only PDF, HTML and plain text are read; if this came from the web it may be an error page saved under a document name."


class CorruptDocument(DocumentError):
    advice = "The file may be truncated or damaged; download it again or repair it (for example with qpdf) and re-run."


class EncryptedDocument(DocumentError):
    advice = "Ask the publisher for an unprotected copy, or decrypt it (qpdf --decrypt) and re-run."


class TooLarge(DocumentError):
    advice = "Raise the limit in config.yaml (limits) if the document is genuine."


class Timeout(DocumentError):
    advice = "Raise limits.document_timeout_s in config.yaml if the document is genuine, or inspect the file."


class NeedsOCR(DocumentError):
    status = "needs_ocr"
    advice = "The PDF has no text layer (a scan); run it through OCR (e.g. ocrmypdf) and re-run."
