"""Words, stop words and highlighted snippets, shared by the engines.

Letters are never folded: æ, ø and å are letters of their own (år is not ar)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

# Hyphenated words (C-REX) and host names (radikalisering.no) are one word each, as the
# engines' tokenizers keep them; a full stop followed by a space ends a sentence.
WORD = re.compile(r"[0-9a-zæøåäöüéèáàóòêôçñ]+(?:[-.][0-9a-zæøåäöüéèáàóòêôçñ]+)*", re.IGNORECASE)

STOP_WORDS = frozenset(
    word
    for line in (Path(__file__).parent / "analysis" / "stop_words.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
    for word in line.split()
)


def words(text: str) -> list[str]:
    """Lower-case words of a text, hyphenated words kept whole (C-REX)."""
    return [match.group(0).lower() for match in WORD.finditer(text or "")]


def content_words(text: str) -> list[str]:
    return [word for word in words(text) if word not in STOP_WORDS]


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a text: aliases are kept one a line."""
    return [line for line in text.splitlines() if line.strip()]


def in_vocabulary_range(word: str) -> bool:
    """Whether the vocabulary would hold ``word``: "did you mean" proposes its words, and
    only the other words of a query may be typos."""
    return 3 <= len(word) <= 60 and not word.isdigit()


def clean_query(text: str) -> str:
    """The query as words separated by spaces, without punctuation or operators."""
    return " ".join(words(text))


def _matches(word: str, terms: list[str]) -> bool:
    for term in terms:
        if len(term) <= 3:
            if word == term:
                return True
            continue
        stem = term[: max(4, len(term) - 3)]
        if word.startswith(stem) or (len(term) >= 5 and term in word):
            return True
    return False


def _matcher(terms: list[str]):
    """``_matches`` against ``terms``, each distinct word decided once (bodies repeat words)."""
    known: dict[str, bool] = {}

    def matches(word: str) -> bool:
        found = known.get(word)
        if found is None:
            found = known[word] = _matches(word.lower(), terms)
        return found

    return matches


def highlight(text: str, terms: list[str], width: int = 200) -> str:
    """An escaped snippet of ``text`` around the best-matching line, matches in <mark>."""
    terms = [t for t in terms if t and t not in STOP_WORDS]
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return ""
    matches = _matcher(terms)
    scored = [
        (sum(matches(w) for w in WORD.findall(line)), -index, line)
        for index, line in enumerate(lines)
    ]
    best_score, _index, line = max(scored)
    if best_score == 0:
        return escape(_shorten(lines[0], 0, width))
    first = next((m.start() for m in WORD.finditer(line) if matches(m.group(0))), 0)
    start = max(0, first - width // 3)
    if start:  # start at a word boundary
        space = line.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    excerpt = _shorten(line, start, width)
    return mark(excerpt, terms, prefix="… " if start else "")


def _shorten(line: str, start: int, width: int) -> str:
    excerpt = line[start : start + width]
    if start + width < len(line):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    return excerpt


def mark(text: str, terms: list[str], prefix: str = "") -> str:
    out, last = [escape(prefix)], 0
    for match in WORD.finditer(text):
        if _matches(match.group(0).lower(), terms):
            out += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)
