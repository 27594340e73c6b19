"""Background work that is not per page: rebuilding the distributed index (new synonyms)."""

from __future__ import annotations

import logging

from django_tasks import task

from search.engines import EngineUnavailable

logger = logging.getLogger("search")


@task()
def rebuild_distributed_index() -> list[str]:
    from search.reindex import rebuild_distributed

    try:
        return rebuild_distributed()
    except EngineUnavailable as exc:
        logger.error("The search index was not rebuilt: the engine is unreachable (%s).", exc)
        return []


def schedule_rebuild() -> None:
    try:
        rebuild_distributed_index.enqueue()
    except Exception:
        logger.exception("Could not enqueue the search index rebuild.")
