"""Whether the distributed engine may be asked right now.

A failure is logged once, when the engine goes down, not per request; while it is down it is
left alone for ``retry_seconds`` between tries, so that neither searches nor publishing wait
on it. When it answers again that is logged once, and the changes it missed are indexed."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("search")


class EngineHealth:
    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url
        self.down_since: float | None = None
        self.last_try = 0.0
        self.last_error = ""
        self.lock = threading.Lock()

    def may_try(self, retry_seconds: float) -> bool:
        with self.lock:
            if self.down_since is None:
                return True
            if time.monotonic() - self.last_try >= retry_seconds:
                self.last_try = time.monotonic()  # one caller probes; the others fall back
                return True
            return False

    def failed(self, error: Exception) -> bool:
        """Record a failure; True when the engine has just gone down (logged then only)."""
        with self.lock:
            self.last_try = time.monotonic()
            self.last_error = str(error)[:500]
            if self.down_since is not None:
                return False
            self.down_since = time.monotonic()
        logger.error(
            "Search engine %s at %s is unreachable or its index unusable (%s); answering from "
            "the database engine until it is back.",
            self.name,
            self.url,
            error,
        )
        return True

    def succeeded(self) -> bool:
        """Record an answer; True when the engine has just come back."""
        with self.lock:
            if self.down_since is None:
                return False
            downtime = time.monotonic() - self.down_since
            self.down_since = None
            self.last_error = ""
        logger.warning(
            "Search engine %s at %s answers again after %.0f s; indexing the changes it missed.",
            self.name,
            self.url,
            downtime,
        )
        return True


_registry: dict[tuple[str, str], EngineHealth] = {}


def health_of(name: str, url: str) -> EngineHealth:
    key = (name, url)
    if key not in _registry:
        _registry[key] = EngineHealth(name, url)
    return _registry[key]


def status() -> dict:
    """For health checks: the configured engine, the one answering now, and why they differ.

    Reports what this process has seen (no request to the engine): a health check that
    probes on every call would cost the engine what the retry interval saves it."""
    from django.db import connection

    from search.conf import search_settings

    conf = search_settings()
    if not conf.distributed:
        return {"configured": "database", "answering": connection.vendor, "problem": ""}
    health = _registry.get((conf.engine, conf.url))
    down = health is not None and health.down_since is not None
    return {
        "configured": conf.engine,
        "answering": connection.vendor if down else conf.engine,
        "problem": health.last_error if down else "",
    }


def reset() -> None:
    """Forget every engine's state (tests)."""
    _registry.clear()
