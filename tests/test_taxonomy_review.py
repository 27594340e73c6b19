"""Topics and audiences are reviewed like pages: an editor's change is a draft until an
approver publishes it through the workflow, and the API shows the live version meanwhile."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from kb.models import Audience, Topic

pytestmark = pytest.mark.django_db


def vocabulary(client, name: str) -> dict[str, str]:
    answer = client.get("/api/v3/kb/vocabularies/").json()
    return {term["key"]: term["name"] for term in answer[name]}


def topic_names_of_items(client, key: str) -> set[str]:
    items = client.get("/api/v3/kb/items/", {"topic": key, "limit": 100}).json()["items"]
    return {t["name"] for item in items for t in item["topics"] if t["key"] == key}


def edit(client, term, action: str, **changes):
    url = reverse(f"wagtailsnippets_kb_{term._meta.model_name}:edit", args=[term.pk])
    data = {"name": term.name, "key": term.key, "description": term.description, **changes}
    return client.post(url, {**data, action: action})


def test_an_editors_change_is_a_draft_until_approved(client, role_user):
    topic = Topic.objects.get(key="utenforskap", locale=Locale.get_default())
    assert topic.has_workflow  # bootstrap_roles assigned the taxonomy workflow
    editor, approver = role_user("kb-editors"), role_user("approvers")

    client.force_login(editor)
    response = edit(client, topic, "action-submit", name="Utenforskap og tilhørighet")
    assert response.status_code == 302, response.content[:500]

    topic.refresh_from_db()
    assert topic.name == "Utenforskap" and topic.has_unpublished_changes
    assert topic.latest_revision.as_object().name == "Utenforskap og tilhørighet"
    assert topic.current_workflow_state.status == "in_progress"
    # The API shows the live version, everywhere the term appears.
    assert vocabulary(client, "topics")["utenforskap"] == "Utenforskap"
    assert topic_names_of_items(client, "utenforskap") == {"Utenforskap"}

    # Publishing is the approvers' (bootstrap_roles), so the review cannot be skipped.
    policy = Topic.snippet_viewset.permission_policy
    assert not policy.user_has_permission(editor, "publish")
    assert policy.user_has_permission(approver, "publish")

    client.force_login(approver)
    state = topic.current_workflow_state
    url = reverse(
        "wagtailsnippets_kb_topic:workflow_action",
        args=[topic.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(url, {"comment": ""}).status_code in (200, 302)

    topic.refresh_from_db()
    assert topic.name == "Utenforskap og tilhørighet"
    assert not topic.has_unpublished_changes and topic.current_workflow_state is None
    assert vocabulary(client, "topics")["utenforskap"] == "Utenforskap og tilhørighet"
    assert topic_names_of_items(client, "utenforskap") == {"Utenforskap og tilhørighet"}


def test_a_term_never_published_is_not_in_the_api(client, role_user):
    client.force_login(role_user("kb-editors"))
    response = client.post(
        reverse("wagtailsnippets_kb_audience:add") + "?locale=nb",
        {
            "name": "Foreldre",
            "key": "foreldre",
            "description": "",
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == 302, response.content[:500]
    audience = Audience.objects.get(key="foreldre")
    assert not audience.live and audience.current_workflow_state.status == "in_progress"
    assert "foreldre" not in vocabulary(client, "audiences")
    answer = client.get("/api/v3/kb/items/", {"audience": "foreldre"})
    assert answer.status_code == 400
