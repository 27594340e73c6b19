"""The threat pictures: their assessments have a shape of their own."""

from ninja import Schema

from kb.api.fields import Particular
from kb.api.items import item_router
from kb.api.schemas import RichText
from kb.api.serialize import rich_text


class Assessment(Schema):
    heading: str
    text: RichText


def assessments(page, ctx) -> dict:
    return {
        "assessments": [
            {"heading": block.value["heading"], "text": rich_text(block.value["text"])}
            for block in page.assessments
        ]
    }


router = item_router(
    "threat",
    label="Threat pictures",
    particular={"assessments": Particular({"assessments": list[Assessment]}, assessments)},
)
