"""The two engines behind one interface: ``search``, ``autocomplete`` and, for the
distributed engine, indexing. Which one answers is chosen by settings (``search.conf``)."""

from __future__ import annotations

from search.conf import SearchSettings, search_settings
from search.engines.clients import EngineUnavailable, IndexUnusable
from search.engines.database import DatabaseEngine
from search.engines.distributed import DistributedEngine

__all__ = [
    "DatabaseEngine",
    "DistributedEngine",
    "EngineUnavailable",
    "IndexUnusable",
    "database_engine",
    "distributed_engine",
]

_distributed: dict[SearchSettings, DistributedEngine] = {}


def database_engine() -> DatabaseEngine:
    return DatabaseEngine()


def distributed_engine(conf: SearchSettings | None = None) -> DistributedEngine | None:
    """The configured distributed engine (one client per configuration), or None."""
    conf = conf or search_settings()
    if not conf.distributed:
        return None
    if conf not in _distributed:
        _distributed[conf] = DistributedEngine(conf)
    return _distributed[conf]
