"""Who does what: the editorial roles, the groups that carry them, where each group's page
permissions are anchored, and which group owns a page.

The roles follow the action plan: every service keeps its own section, the knowledge-base
editors keep the shared area, approvers (the SLT coordinator and the strategic group) review
before anything is published, translators only translate, and site managers run the site.
``bootstrap_roles`` makes the database match this module; nothing else defines a role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from kb.areas import AREA_DEPTH, area_of, area_pages
from website.structure import SECTIONS, SHARED_AREA


@dataclass(frozen=True)
class Role:
    key: str  # stable identifier, used in code, tests and the API
    group_name: str  # the Wagtail group that carries the role
    description: str
    demo_username: str
    area: str | None = None  # the section (slug) the role works in, if only one
    # Members must log in with a second factor (website.security.two_factor): every role
    # that can edit, publish or administer content.
    two_factor: bool = True


def _section_role(kind: str, slug: str, title: str) -> Role:
    if kind == "editors":
        return Role(
            f"editors:{slug}",
            f"Redaktører: {title}",
            f"Lager, redigerer og sender inn innhold i seksjonen {title}.",
            f"redaktor-{slug.split('-')[0]}",
            slug,
        )
    return Role(
        f"managers:{slug}",
        f"Seksjonsledere: {title}",
        f"Som redaktørene i {title}, og kan låse opp sider og se hvem som kan gjøre hva der.",
        f"leder-{slug.split('-')[0]}",
        slug,
    )


SECTION_EDITORS: dict[str, Role] = {
    slug: _section_role("editors", slug, node.title) for slug, node in SECTIONS.items()
}
SECTION_MANAGERS: dict[str, Role] = {
    slug: _section_role("managers", slug, node.title) for slug, node in SECTIONS.items()
}
KB_EDITORS = Role(
    "kb-editors",
    "Redaktører: Kunnskapsbase",
    "Lager, redigerer og sender inn begreper, lovverk, ressurser, sjekklister, aktører og "
    "handlingsplanen i den felles kunnskapsbasen.",
    "redaktor-kunnskapsbase",
    SHARED_AREA.slug,
)
APPROVERS = Role(
    "approvers",
    "Godkjennere",
    "SLT-koordinatoren og strategisk gruppe: godkjenner (publiserer) eller avviser innhold "
    "som er sendt inn, kan avpublisere og låse opp.",
    "godkjenner",
)
TRANSLATORS = Role(
    "translators",
    "Oversettere",
    "Oversetter sider til nynorsk og engelsk; redigerer bare oversettelser.",
    "oversetter",
)
SITE_MANAGERS = Role(
    "site-managers",
    "Nettstedsforvaltere",
    "Har alle rettigheter til innholdet, forvalter brukere, grupper, API-nøkler, arbeidsflyter "
    "og videresendinger.",
    "forvalter",
)

ROLES: list[Role] = [
    *SECTION_EDITORS.values(),
    *SECTION_MANAGERS.values(),
    KB_EDITORS,
    APPROVERS,
    TRANSLATORS,
    SITE_MANAGERS,
]
ROLES_BY_KEY = {role.key: role for role in ROLES}

# Page actions, as Wagtail names its page permissions (codename "<action>_page").
ADD, CHANGE, PUBLISH, BULK_DELETE, LOCK, UNLOCK = (
    "add",
    "change",
    "publish",
    "bulk_delete",
    "lock",
    "unlock",
)
PAGE_ACTIONS = (ADD, CHANGE, PUBLISH, BULK_DELETE, LOCK, UNLOCK)

# Where a grant is anchored: a section's slug, or one of these places.
ROOT = "root"  # the tree root: every page in every language
PLANS = "plans"  # the action plan pages at the top of the site
TRANSLATIONS = "translations"  # the top page of every translated tree (nn, en)


@dataclass(frozen=True)
class Grant:
    role: Role
    where: str
    actions: tuple[str, ...]


EDITING = (ADD, CHANGE, LOCK)

GRANTS: list[Grant] = [
    *(Grant(role, role.area, EDITING) for role in SECTION_EDITORS.values()),
    *(Grant(role, role.area, (*EDITING, UNLOCK)) for role in SECTION_MANAGERS.values()),
    Grant(KB_EDITORS, SHARED_AREA.slug, EDITING),
    Grant(KB_EDITORS, PLANS, (CHANGE, LOCK)),
    # Approvers publish what they approve (the workflow publishes as them), but do not write.
    Grant(APPROVERS, ROOT, (PUBLISH, LOCK, UNLOCK)),
    Grant(TRANSLATORS, TRANSLATIONS, (CHANGE, LOCK)),
    Grant(SITE_MANAGERS, ROOT, PAGE_ACTIONS),
]

ACTION_LABELS = {
    ADD: _("Legge til"),
    CHANGE: _("Redigere"),
    PUBLISH: _("Publisere"),
    BULK_DELETE: _("Slette med undersider"),
    LOCK: _("Låse"),
    UNLOCK: _("Låse opp"),
    "approve": _("Godkjenne"),
    "translate": _("Oversette"),
}


def grant_pages(where: str) -> list[Page]:
    """The pages a grant is anchored at (none if the place does not exist yet)."""
    from kb.models import PlanPage

    if where == ROOT:
        return [Page.get_first_root_node()]
    if where == PLANS:
        return list(PlanPage.objects.filter(depth=AREA_DEPTH).order_by("path"))
    if where == TRANSLATIONS:
        return list(translation_roots())
    page = area_pages().get(where)
    return [page] if page else []


def translation_roots():
    """The top page of each translated tree: what translators may work in."""
    return Page.objects.filter(depth=2).exclude(locale=Locale.get_default()).order_by("path")


def owner_role(area: str | None) -> Role:
    """The role that owns an area: a service's editors own its section, the knowledge-base
    editors the shared area and the plans, the site managers everything else."""
    if area in SECTION_EDITORS:
        return SECTION_EDITORS[area]
    if area is None:
        return SITE_MANAGERS
    return KB_EDITORS


def owner_of(page: Page, slugs: dict[str, str] | None = None) -> Role:
    return owner_role(area_of(page, slugs))


def group_for(role: Role) -> Group | None:
    return Group.objects.filter(name=role.group_name).first()


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role.group_name).exists()


def is_site_manager(user) -> bool:
    return user.is_active and (user.is_superuser or has_role(user, SITE_MANAGERS))


def managed_areas(user) -> set[str]:
    """The sections a user manages as a section manager."""
    if not user.is_authenticated:
        return set()
    names = set(user.groups.values_list("name", flat=True))
    return {slug for slug, role in SECTION_MANAGERS.items() if role.group_name in names}


def requires_two_factor(user) -> bool:
    """Whether the user's rights call for a second factor: a superuser, or a member of a role
    that requires it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    return any(role.two_factor and role.group_name in names for role in ROLES)
