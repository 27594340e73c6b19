"""The search service: one entry point for the API and the search page, whichever engine
answers. The distributed engine answers when configured and reachable; otherwise the
database engine does, and the response says which one answered."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.corrections import checked_suggestion
from search.engines import EngineUnavailable, IndexUnusable, database_engine, distributed_engine
from search.health import health_of
from search.metrics import count_fallback
from search.models import MissedQuery, SearchDocument
from search.query import Pick, QueryPlan, SearchParams, SearchResult, plan_query
from search.sync import engine_recovered, nudge
from search.tasks import schedule_rebuild
from search.units import link_steps

logger = logging.getLogger("search")


def _ask(method: str, *args):
    """Call ``method`` on the distributed engine when it may be asked, else on the database."""
    engine = distributed_engine()
    if engine is not None:
        health = health_of(engine.name, engine.conf.url)
        if health.may_try(engine.conf.retry_seconds):
            try:
                answer = getattr(engine, method)(*args)
            except EngineUnavailable as exc:
                if health.failed(exc) and isinstance(exc, IndexUnusable):
                    schedule_rebuild()  # a first start, or an index deleted or mis-built
            else:
                if health.succeeded():
                    engine_recovered()  # index what it missed while it was down
                else:
                    nudge()
                return answer
    count_fallback(engine, method)
    return getattr(database_engine(), method)(*args)


def search(params: SearchParams, record: bool = True) -> SearchResult:
    plan = plan_query(params.q)
    result = _ask("search", params, plan)
    result.suggestion = checked_suggestion(plan, result.suggestion)
    if result.count == 0 and result.suggestion:
        # Nothing found, and only near words of unknown ones were changed: show the
        # suggestion's results, and say so (``corrected_from``). A query with results is
        # never replaced; the suggestion is only offered.
        suggestion = result.suggestion
        corrected = _ask("search", params.with_query(suggestion), plan_query(suggestion))
        if corrected.count:
            corrected.suggestion = suggestion
            corrected.corrected_from = params.q
            result = corrected
    if not plan.is_empty:
        link_steps(result, plan if not result.corrected_from else plan_query(result.suggestion))
    if params.offset == 0 and not plan.is_empty:
        result.picks = editors_picks(params.q)
    if record and not plan.is_empty and params.offset == 0:
        record_query(params, plan, result)
    return result


def autocomplete(prefix: str, locale: str | None = None, limit: int = 8) -> list[dict]:
    return _ask("autocomplete", prefix, locale, limit)


# Editors' picks (Wagtail's search promotions) ----------------------------------------------
def editors_picks(q: str) -> list[Pick]:
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(q))
        .select_related("page")
        .order_by("sort_order")
    )
    picks: list[Pick] = []
    documents = SearchDocument.objects.in_bulk(
        [p.page_id for p in promotions if p.page_id is not None]
    )
    for promotion in promotions:
        if promotion.page_id is not None:
            page = promotion.page
            if not page.live:
                continue
            document = documents.get(page.pk)
            picks.append(
                Pick(
                    title=page.title,
                    url=document.url if document else page.get_url() or page.url_path,
                    description=promotion.description or (document.summary if document else ""),
                    id=page.pk,
                    type=document.kind if document else None,
                )
            )
        elif promotion.external_link_url:
            picks.append(
                Pick(
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    description=promotion.description,
                )
            )
    return picks


# What people search for --------------------------------------------------------------------
def record_query(params: SearchParams, plan: QueryPlan, result: SearchResult) -> None:
    """Count the search for Wagtail's search terms report; remember it if nothing was found."""
    from wagtail.contrib.search_promotions.models import Query

    try:
        Query.get(params.q).add_hit()
        if result.count == 0 and not result.picks:
            remember_miss(plan.text, ",".join(params.locales))
    except Exception:  # statistics must never break a search
        logger.exception("Could not record the search %r.", params.q)


def remember_miss(text: str, locale: str) -> None:
    text = text[:200]
    updated = MissedQuery.objects.filter(query=text, locale=locale).update(
        count=F("count") + 1, last_seen=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                MissedQuery.objects.create(query=text, locale=locale)
        except IntegrityError:  # someone else recorded it just now
            MissedQuery.objects.filter(query=text, locale=locale).update(count=F("count") + 1)
