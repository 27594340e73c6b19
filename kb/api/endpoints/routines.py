"""The routines: their steps are the one field with a shape of its own."""

from ninja import Schema

from kb.api.fields import Particular
from kb.api.items import item_router
from kb.api.schemas import Link, RichText
from kb.api.serialize import rich_text


class Step(Schema):
    number: int
    title: str
    routes: list[str]
    actor: str
    body: RichText
    links: list[Link]


def steps(page, ctx) -> dict:
    return {
        "steps": [
            {
                "number": number,
                "title": step.value["title"],
                "routes": list(step.value["routes"]),
                "actor": step.value["actor"],
                "body": rich_text(step.value["body"]),
                "links": ctx.links(step.value["links"]),
            }
            for number, step in enumerate(page.steps, start=1)
        ]
    }


router = item_router(
    "routine",
    label="Routines",
    particular={"steps": Particular({"steps": list[Step]}, steps)},
)
