from ninja import Schema

from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class ThreatSummary(ItemSummary):
    year: int
    source: str


class Assessment(Schema):
    heading: str
    text: RichText


class ThreatDetail(ItemDetail, ThreatSummary):
    source_url: str
    regional_assessment: RichText
    assessments: list[Assessment]


def fields(page, ctx) -> dict:
    return {
        "source_url": page.source_url,
        "regional_assessment": rich_text(page.regional_assessment),
        "assessments": [
            {"heading": block.value["heading"], "text": rich_text(block.value["text"])}
            for block in page.assessments
        ],
    }


router = item_router(
    "threat",
    summary_schema=ThreatSummary,
    detail_schema=ThreatDetail,
    summary_fields=lambda page, ctx: {"year": page.year, "source": page.source},
    extra_fields=fields,
    label="Threat pictures",
)
