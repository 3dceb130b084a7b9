"""Saved web pages (ModernGov HTML) to text with selectolax.

Block elements (paragraphs, headings, list items, table cells, line breaks)
become separate lines with blank lines between, so a ModernGov item table
reads as its text rendering (number, title, description, "Minutes:", the
minutes) and the item shapes parse it.  Scripts, styles and navigation are
dropped.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_BLOCK = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
_DROP = {"script", "style", "noscript", "nav", "header", "footer", "template", "head", "svg", "iframe", "button", "select"}
_SPACES = re.compile(r"[ \t\r\n\f]+")
_MANY_BLANKS = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*){2,}")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def is_html(data: bytes, suffix: str) -> bool:
    return suffix.lower() in {".html", ".htm", ".xhtml"} or bool(_HTML_START.match(data[:2048]))


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts, pre=False)
    text = "".join(parts)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return _MANY_BLANKS.sub("\n\n", text).strip()


def _walk(node: LexborNode, parts: list[str], *, pre: bool) -> None:
    child = node.child
    while child is not None:
        tag = child.tag or ""
        if tag == "-text":
            value = child.text_content or ""
            parts.append(value if pre else _SPACES.sub(" ", value))
        elif tag == "br":
            parts.append("\n")
        elif tag in _DROP or tag.startswith("-"):
            pass
        elif tag in _BLOCK:
            parts.append("\n\n")
            if tag == "li":
                parts.append("- ")
            _walk(child, parts, pre=pre or tag == "pre")
            parts.append("\n\n")
        else:
            _walk(child, parts, pre=pre)
        child = child.next
