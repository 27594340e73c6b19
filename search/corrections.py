"""Corrections that never hide an answer.

A suggestion («Mente du …?») may only replace words that occur nowhere in the content, the
thesaurus nor editors' synonyms (``QueryPlan.correctable``), and only by a near word: at most
two edits for a long word, one for a short one, never a word cut short («ringer» is not
«ring») or changed further («bekymringsmelding» is not «bekymringen»). The service shows a
suggestion's results instead of the query's only when the query found nothing."""

from __future__ import annotations

from search.query import QueryPlan

MIN_CORRECTED_LENGTH = 4  # shorter words have too many near neighbours to guess
MIN_COMPOUND_HEAD = 6


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i]
        for j, right in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def is_near(typed: str, proposed: str) -> bool:
    """Whether ``proposed`` is a confident correction of the unknown word ``typed``."""
    if len(typed) < MIN_CORRECTED_LENGTH or typed == proposed:
        return False
    if typed.startswith(proposed):
        return False  # a compound cut short («ringer» is not «ring»)
    if proposed.startswith(typed):  # the head of a compound that occurs only whole
        return len(typed) >= MIN_COMPOUND_HEAD  # («friomsorg»: «friomsorgskontor»)
    allowed = 2 if len(typed) >= 7 else 1
    return edit_distance(typed, proposed) <= allowed


def checked_suggestion(plan: QueryPlan, suggestion: str | None) -> str | None:
    """The engine's suggestion with every change it may not make put back; None if nothing
    is left to suggest."""
    if not suggestion:
        return None
    typed, proposed = plan.text.split(), suggestion.split()
    if len(typed) != len(proposed):
        return None
    unknown = set(plan.correctable)
    kept = [
        new if old in unknown and is_near(old, new) else old
        for old, new in zip(typed, proposed, strict=True)
    ]
    return " ".join(kept) if kept != typed else None
