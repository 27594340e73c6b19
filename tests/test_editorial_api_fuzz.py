"""Property-based run of the editorial API routes: whatever a token sends, the answer is the
documented schema or a documented problem, never a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from wagtail.models import Page

from website.workflows import submit
from website.wsgi import application

# Wrong-state answers (409) and unknown pages (404) are right answers to schema-valid data.
# Schema-violating requests are the explicit tests' job (test_editorial_workflow); here the
# token and the page are real, so only schema-valid requests are generated.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "positive"},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409"]}
        },
    }
)

# Made-up tokens are the point here; the login lockout would answer them with 429s.
pytestmark = pytest.mark.usefixtures("no_login_lockout")


@pytest.fixture
def api_schema(wsgi_keeps_connection):
    return schemathesis.openapi.from_wsgi("/api/v3/openapi.json", application, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")
EDITORIAL = (
    r"^/api/v3/(sharing/"
    r"|pages/\{page_id\}/(workflow|usage|sharing|actions/(submit|approve|reject|lock|unlock))/)$"
)


@pytest.fixture
def page_ids(area_page, role_user):
    """A draft and a page in review in the schools section, a live page in another section,
    an area, a missing id."""
    in_review = area_page("skoler", "I gjennomgang")
    submit(in_review, role_user("editors:skoler", "forfatter"))
    area = Page.objects.filter(depth=3).first().pk
    drafts = [area_page("skoler").pk, in_review.pk]
    return [*drafts, area_page("barnehager", live=True).pk, area, 999_999]


@pytest.fixture
def site_manager(role_user, api_token):
    return api_token(role_user("site-managers"))


@pytest.fixture
def schools_editor(role_user, api_token):
    return api_token(role_user("editors:skoler"))


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def call(case, data, page_ids, token):
    if "page_id" in (case.path_parameters or {}):
        case.path_parameters["page_id"] = data.draw(st.sampled_from(page_ids))
    case.call_and_validate(headers={"Authorization": token})


@schema.include(path_regex=EDITORIAL).parametrize()
@schema.given(data=st.data())
@FUZZ
def test_as_a_site_manager(case, data, page_ids, site_manager):
    call(case, data, page_ids, site_manager)


@schema.include(path_regex=EDITORIAL).parametrize()
@schema.given(data=st.data())
@FUZZ
def test_as_a_section_editor(case, data, page_ids, schools_editor):
    call(case, data, page_ids, schools_editor)
