from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class ActorSummary(ItemSummary):
    kind: str


class ActorDetail(ItemDetail, ActorSummary):
    role: RichText
    how_to_reach: RichText


def fields(page, ctx) -> dict:
    return {"role": rich_text(page.role), "how_to_reach": rich_text(page.how_to_reach)}


router = item_router(
    "actor",
    summary_schema=ActorSummary,
    detail_schema=ActorDetail,
    summary_fields=lambda page, ctx: {"kind": page.kind},
    extra_fields=fields,
    label="Actors",
)
