"""What every editorial route shares: the page it is about, and how a state conflict answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.shortcuts import get_object_or_404
from ninja.errors import HttpError
from wagtail.models import Page

from website import workflows


def username(user) -> str | None:
    return user.get_username() if user else None


def get_page(page_id: int) -> Page:
    return get_object_or_404(Page, pk=page_id).specific


@contextmanager
def conflicts_as_409() -> Iterator[None]:
    """A workflow or lock action that the page's state forbids is a 409 with its reason."""
    try:
        yield
    except workflows.Conflict as exc:
        raise HttpError(409, str(exc)) from exc
