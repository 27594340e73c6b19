"""Conversions between the plan's plain-text paragraphs, rich text HTML and plain text."""

from __future__ import annotations

import re
from html import escape

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

LIST_MARKER = re.compile(r"^(?:[\u2013\-\u2022]\s+)(.+)$")
LETTER_ITEM = re.compile(r"^[a-z]\)\s+.+$")


def text_to_html(text: str) -> str:
    """Paragraphs separated by blank lines become <p>; lines starting with a dash or
    a letter item («a) …») become list items, so that lists survive as lists."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", normalize_newlines(text).strip()):
        prose: list[str] = []
        items: list[str] = []
        for line in (line.strip() for line in paragraph.splitlines()):
            if not line:
                continue
            marker = LIST_MARKER.match(line)
            if marker or LETTER_ITEM.match(line):
                if prose:
                    blocks.append(f"<p>{escape(' '.join(prose))}</p>")
                    prose = []
                items.append(marker.group(1) if marker else line)
                continue
            if items:
                blocks.append(_list(items))
                items = []
            prose.append(line)
        if prose:
            blocks.append(f"<p>{escape(' '.join(prose))}</p>")
        if items:
            blocks.append(_list(items))
    return "".join(blocks)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Plain text of rich text: one line per paragraph or list item, entities decoded."""
    from html import unescape

    text = BLOCK_END.sub("\n", html or "")
    lines = (" ".join(unescape(strip_tags(line)).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
