"""Question intent, shared by both engines: who to call puts contacts first, what to do the
routine, is it legal the law; question words of nb, nn and en do not weigh in matching."""

import pytest

from search.query import KIND_PRIOR, plan_query

pytestmark = pytest.mark.django_db
SEARCH = "/api/v3/kb/search/"


def items(client, q: str) -> list[dict]:
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("hvem ringer jeg", "contact"),
        ("kven skal eg ringje", "contact"),
        ("police number", "contact"),
        ("hva gjør jeg nå", "routine"),
        ("kva gjer eg", "routine"),
        ("what to do", "routine"),
        ("er det ulovlig", "law"),
        ("is it legal", "law"),
        ("paragraf", "law"),
    ],
)
def test_a_questions_intent_puts_its_kind_first(q, kind):
    boosts = plan_query(q).kind_boosts
    assert boosts[kind] > KIND_PRIOR[kind]
    assert max(boosts, key=boosts.get) == kind


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("hvordan snakker jeg med en elev", ("snakker", "elev")),
        ("kva gjer eg med ein elev", ("elev",)),
        ("what should I do about radicalisation", ("radicalisation",)),
    ],
)
def test_question_words_are_no_search_terms(q, terms):
    assert plan_query(q).terms == terms


@pytest.mark.parametrize(
    ("question", "subject"),
    [("hva er radikalisering", "radikalisering"), ("what is hate speech", "hate speech")],
)
def test_question_words_do_not_change_the_answer(client, search_engine, question, subject):
    assert items(client, question)[0]["id"] == items(client, subject)[0]["id"]


@pytest.mark.parametrize("q", ["kven skal eg ringje", "who do I call", "hvem ringer jeg"])
def test_who_to_call_has_a_number_in_the_top_three(client, search_engine, plan_page, q):
    numbers = {plan_page("contact", key).pk for key in ("politiet-112", "politiet-02800")}
    assert numbers & {item["id"] for item in items(client, q)[:3]}
