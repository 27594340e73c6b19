from kb.models.base import KnowledgePage, RelatedLink, section_of, section_slugs
from kb.models.changes import ItemChange
from kb.models.content import (
    ActorPage,
    ChecklistPage,
    ConceptPage,
    ContactPage,
    LegalProvisionPage,
    MeasurePage,
    PlanPage,
    ResourcePage,
    RoutinePage,
    ThreatAssessmentPage,
)
from kb.models.taxonomy import Audience, PriorityArea, Topic
from kb.models.version import ContentVersion
from kb.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent

__all__ = [
    "KB_KINDS",
    "KB_PAGE_TYPES",
    "ActorPage",
    "Audience",
    "ChecklistPage",
    "ConceptPage",
    "ContactPage",
    "ContentVersion",
    "ItemChange",
    "KnowledgePage",
    "LegalProvisionPage",
    "MeasurePage",
    "PlanPage",
    "PriorityArea",
    "RelatedLink",
    "ResourcePage",
    "RoutinePage",
    "ThreatAssessmentPage",
    "Topic",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "kind_of",
    "section_of",
    "section_slugs",
]

# The item kinds, by the name used in data files, the API's ``type`` and search facets.
KB_KINDS: dict[str, type[KnowledgePage]] = {
    "concept": ConceptPage,
    "law": LegalProvisionPage,
    "resource": ResourcePage,
    "routine": RoutinePage,
    "checklist": ChecklistPage,
    "measure": MeasurePage,
    "actor": ActorPage,
    "threat": ThreatAssessmentPage,
    "contact": ContactPage,
    "plan": PlanPage,
}
KB_PAGE_TYPES = list(KB_KINDS.values())


def kind_of(page) -> str:
    """The kind name of a knowledge-base page (its API ``type``)."""
    return KIND_BY_MODEL[type(page)]


KIND_BY_MODEL = {model: kind for kind, model in KB_KINDS.items()}
