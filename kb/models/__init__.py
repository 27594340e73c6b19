from kb.models.base import KnowledgePage, RelatedLink
from kb.models.changes import ItemChange
from kb.models.guidance import ChecklistPage, RoutinePage
from kb.models.kinds import ItemKind
from kb.models.people import ActorPage, ContactPage
from kb.models.plan import MeasurePage, PlanPage, ThreatAssessmentPage
from kb.models.reference import (
    LANGUAGE_CHOICES,
    ConceptPage,
    LegalProvisionPage,
    ResourcePage,
)
from kb.models.taxonomy import Audience, PriorityArea, Topic
from kb.models.tokens import APITokenPolicy
from kb.models.version import ContentVersion
from kb.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent

__all__ = [
    "KB_KINDS",
    "KB_PAGE_TYPES",
    "KIND_BY_MODEL",
    "LANGUAGE_CHOICES",
    "PLURALS",
    "APITokenPolicy",
    "ActorPage",
    "Audience",
    "ChecklistPage",
    "ConceptPage",
    "ContactPage",
    "ContentVersion",
    "ItemChange",
    "ItemKind",
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
]

# The item kinds, in the order lists, facets and the import use; each class says what it is.
KB_PAGE_TYPES: list[type[KnowledgePage]] = [
    ConceptPage,
    LegalProvisionPage,
    ResourcePage,
    RoutinePage,
    ChecklistPage,
    MeasurePage,
    ActorPage,
    ThreatAssessmentPage,
    ContactPage,
    PlanPage,
]
# By the name used in data files, the API's ``type`` and search facets.
KB_KINDS: dict[str, type[KnowledgePage]] = {model.kb_kind.name: model for model in KB_PAGE_TYPES}
KIND_BY_MODEL = {model: kind for kind, model in KB_KINDS.items()}
# The API path segment of each kind.
PLURALS = {kind: model.kb_kind.plural for kind, model in KB_KINDS.items()}


def kind_of(page) -> str:
    """The kind name of a knowledge-base page (its API ``type``)."""
    return KIND_BY_MODEL[type(page)]
