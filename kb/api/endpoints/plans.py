"""The plan: its chapters, with the items they reference, have a shape of their own."""

from ninja import Schema

from kb.api.fields import Particular
from kb.api.items import item_router
from kb.api.schemas import Link, RichText
from kb.api.serialize import rich_text


class Chapter(Schema):
    heading: str
    body: RichText
    references: list[Link]


def chapters(page, ctx) -> dict:
    return {
        "chapters": [
            {
                "heading": block.value["heading"],
                "body": rich_text(block.value["body"]),
                "references": ctx.links(block.value["references"]),
            }
            for block in page.chapters
        ]
    }


router = item_router(
    "plan",
    label="Plans",
    particular={"chapters": Particular({"chapters": list[Chapter]}, chapters)},
)
