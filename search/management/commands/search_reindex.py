"""Rebuild search: every search document from the pages, then a new generation of the
distributed engine's indices, swapped in by alias (search never goes empty meanwhile)."""

from __future__ import annotations

import io
import time

from django.core.management.base import BaseCommand, CommandError

from search.engines import EngineUnavailable, distributed_engine
from search.reindex import rebuild_distributed
from search.store import rebuild_database


class ProgressBar:
    """``[#####-----]  50%  500/1000  1.2 s`` on one line that is redrawn."""

    def __init__(self, label: str, stream, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.last_drawn = -1.0

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        now = time.monotonic()
        if not self.interactive and share < 1 and now - self.last_drawn < 2:
            return  # in logs, a line every two seconds is enough
        self.last_drawn = now
        filled = round(self.width * share)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label:<22} [{bar}] {share:4.0%}  {done}/{total}  {now - self.started:.1f} s"
        self.stream.write(
            ("\r" if self.interactive else "") + line + ("" if self.interactive else "\n")
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n", ending="")


class Command(BaseCommand):
    help = (
        "Rebuild the search documents from the published pages and, when a distributed engine "
        "is configured, build a new index and swap its alias."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-database",
            action="store_true",
            help="Only rebuild the distributed engine's index from the stored documents.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help=(
                "Only when the distributed engine has no usable index (none behind the alias, "
                "or one built with another mapping): for deploys and first starts."
            ),
        )

    def handle(self, *args, skip_database: bool, if_missing: bool, verbosity: int, **options):
        out = self.stdout if verbosity else io.StringIO()
        started = time.monotonic()
        if if_missing:
            problem = self._index_problem()
            if problem is None:
                out.write("The search index is in place; nothing to do.\n")
                return
            out.write(f"Building the search index: {problem}.\n")
        if not skip_database:
            bar = ProgressBar("Search documents", out)
            count = rebuild_database(bar)
            bar.finish()
            out.write(f"{count} search documents in the database engine.\n")
        if distributed_engine() is None:
            out.write("No distributed engine configured; the database engine answers.\n")
        else:
            bar = ProgressBar("Distributed index", out)
            try:
                names = rebuild_distributed(bar)
            except EngineUnavailable as exc:
                raise CommandError(
                    f"The search engine cannot be reached ({exc}); the old index still answers."
                ) from None
            bar.finish()
            out.write(f"New indices in use: {', '.join(names)}.\n")
        out.write(f"Reindexed in {time.monotonic() - started:.1f} s.\n")

    @staticmethod
    def _index_problem() -> str | None:
        """Why the configured engine's index cannot answer, or None; the database engine's
        documents count as missing when there are none."""
        from search.models import SearchDocument

        if not SearchDocument.objects.exists():
            return "the database engine has no search documents"
        engine = distributed_engine()
        if engine is None:
            return None
        try:
            return engine.index_problem()
        except EngineUnavailable as exc:
            raise CommandError(f"The search engine cannot be reached ({exc}).") from None
