from kb.models.base import KnowledgePage, RelatedLink
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

__all__ = [
    "ActorPage",
    "Audience",
    "ChecklistPage",
    "ConceptPage",
    "ContactPage",
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
]

KB_PAGE_TYPES = [
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
