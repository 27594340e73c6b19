"""The checklists: their body holds categories of items and factor domains, served apart."""

from ninja import Schema

from kb.api.fields import Particular
from kb.api.items import item_router


class Category(Schema):
    title: str
    items: list[str]


class FactorDomain(Schema):
    title: str
    risk_factors: list[str]
    protective_factors: list[str]


def body(page, ctx) -> dict:
    blocks = {"category": [], "factor_domain": []}
    for block in page.sections:
        blocks[block.block_type].append(
            {
                key: list(value) if not isinstance(value, str) else value
                for key, value in block.value.items()
            }
        )
    return {"categories": blocks["category"], "domains": blocks["factor_domain"]}


router = item_router(
    "checklist",
    label="Checklists",
    particular={
        "sections": Particular({"categories": list[Category], "domains": list[FactorDomain]}, body)
    },
)
