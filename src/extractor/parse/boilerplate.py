"""The main content of a web page: navigation, banners, cookie notices, side bars, footers and scripts removed."""

from __future__ import annotations

import re

from lxml import etree

NEVER_CONTENT = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "button",
                 "select", "input", "textarea", "option", "head"}  # fmt: skip
PAGE_FURNITURE = {"nav", "aside", "footer"}
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
# Words in a class or id that name page furniture. Substrings are safe for the long words; the short ones must be
# a whole part of the name ("main-nav", "nav_bar"), so "canvas" or "research" never match.
FURNITURE_NAME = re.compile(
    r"cookie|sidebar|side-bar|crumb|footer|navbar|navigation|skiplink|skip-link|skip-to|masthead|menu"
    r"|(?:^|[-_\s])(?:nav|skip|share|social|login|search|banner|quick-exit|consent|gdpr)(?:$|[-_\s])",
    re.IGNORECASE,
)
CONTENT_ROOTS = ("main", "article")
MIN_CONTENT_SHARE = 0.25  # a <main> or <article> holding less of the page's text than this is not its content
COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
MAX_NOTICE_CHARS = 800  # a cookie notice is a few sentences and its buttons
MAX_FURNITURE_SHARE = 0.5  # an element whose name says furniture but holds more than this share of the text is content


def main_content(root: etree._Element) -> etree._Element:
    """The element holding the page's content, with its furniture removed (in place)."""
    for element in list(root.iter("div", "section", "aside", "dialog", "form")):
        if element.getparent() is not None and _is_cookie_notice(element):
            _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag.lower() in NEVER_CONTENT or _hidden(element):
            _drop(element)
    body = root.find("body")
    body = body if body is not None else root
    total = max(len(_text(body)), 1)
    for element in list(body.iter()):
        if element.getparent() is not None and _is_furniture(element, total):
            _drop(element)
    remaining = max(len(_text(body)), 1)
    for tag in CONTENT_ROOTS:
        found = [e for e in body.iter(tag)] + [e for e in body.iter() if e.get("role") == tag]
        found = [e for e in found if len(_text(e)) >= MIN_CONTENT_SHARE * remaining]
        if len(found) == 1:
            return found[0]
    return body


def _is_furniture(element: etree._Element, total: int) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in ("body", "main", "article") or element.get("role") == "main":
        return False
    named = (
        tag in PAGE_FURNITURE
        or (tag == "header" and not _inside_content(element))
        or element.get("role", "").lower() in FURNITURE_ROLES
        or bool(FURNITURE_NAME.search(f"{element.get('class', '')} {element.get('id', '')}"))
    )
    if not named:
        return False
    holds_content = element.find(".//main") is not None or element.find(".//article") is not None
    return not holds_content and len(_text(element)) <= MAX_FURNITURE_SHARE * total


def _is_cookie_notice(element: etree._Element) -> bool:
    """A short box that speaks of cookies and offers a button or link to answer, whatever its class is called."""
    text = _text(element)
    answers = element.find(".//button") is not None or element.find(".//a") is not None
    return answers and len(text) <= MAX_NOTICE_CHARS and len(COOKIE.findall(text)) >= 2


def _inside_content(element: etree._Element) -> bool:
    return any(a.tag in CONTENT_ROOTS or a.get("role") == "main" for a in element.iterancestors())


def _hidden(element: etree._Element) -> bool:
    style = element.get("style", "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style or element.get("aria-hidden") == "true"


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it (its tail belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
