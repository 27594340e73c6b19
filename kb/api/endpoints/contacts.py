from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary


class ContactSummary(ItemSummary):
    phone: str
    website_url: str
    kind: str
    available: str
    description: str
    placeholder: bool


class ContactDetail(ItemDetail, ContactSummary):
    pass


def brief(page, ctx) -> dict:
    return {
        name: getattr(page, name)
        for name in ("phone", "website_url", "kind", "available", "description", "placeholder")
    }


router = item_router(
    "contact",
    summary_schema=ContactSummary,
    detail_schema=ContactDetail,
    summary_fields=brief,
    extra_fields=lambda page, ctx: {},
    label="Contacts",
)
