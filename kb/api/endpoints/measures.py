import datetime

from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, Term


class MeasureSummary(ItemSummary):
    priority_area: Term
    goal: str
    responsible: str
    status: str
    last_evaluated: datetime.date | None


class MeasureDetail(ItemDetail, MeasureSummary):
    pass


def brief(page, ctx) -> dict:
    area = page.priority_area
    return {
        "priority_area": {"key": area.key, "name": area.name},
        "goal": page.goal,
        "responsible": page.responsible,
        "status": page.status,
        "last_evaluated": page.last_evaluated,
    }


router = item_router(
    "measure",
    summary_schema=MeasureSummary,
    detail_schema=MeasureDetail,
    summary_fields=brief,
    extra_fields=lambda page, ctx: {},
    label="Measures",
)
