"""The site's fixed structure: home, the shared knowledge-base area with its folders, and one
section per service. Created idempotently, with stable translation keys like plan items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from kb.models import KB_KINDS
from kb.plan_import.sync import NAMESPACE
from website.models import FolderPage, HomePage, SectionPage, SharedAreaPage


@dataclass(frozen=True)
class Node:
    slug: str
    title: str
    intro: str = ""
    service: str = ""


HOME = Node(
    "hjem",
    "Veiviser",
    _(
        "Rutiner, sjekklister og ressurser for deg som er bekymret for at noen er på vei inn i "
        "utenforskap, radikalisering eller voldelig ekstremisme."
    ),
)
SHARED_AREA = Node(
    "kunnskapsbase",
    "Kunnskapsbase",
    _("Felles begreper, lovverk, ressurser, sjekklister og aktører for alle tjenester."),
)
# The shared area's folders, one per kind that has one (the kind says its slug and title).
FOLDERS: dict[str, Node] = {
    kind: Node(model.kb_kind.folder_slug, str(model.kb_kind.folder_title))
    for kind, model in KB_KINDS.items()
    if model.kb_kind.folder_slug
}
SECTIONS: dict[str, Node] = {
    "skoler": Node(
        "skoler", "Skoler", _("Skolenes egne rutiner, ressurser og kontakter."), "Skolene"
    ),
    "barnehager": Node(
        "barnehager",
        "Barnehager",
        _("Barnehagenes egne rutiner, ressurser og kontakter."),
        "Barnehagene",
    ),
    "forebyggende-tjenester": Node(
        "forebyggende-tjenester",
        "Forebyggende tjenester",
        _("Rutiner, ressurser og kontakter for de forebyggende tjenestene."),
        "Forebyggende tjenester",
    ),
    "slt": Node(
        "slt", "SLT", _("SLT-koordinatorens rutiner, ressurser og kontakter."), "SLT-koordinator"
    ),
    "politikontakt": Node(
        "politikontakt",
        "Politikontakt",
        _("Forebyggingskontakten i politiet: rutiner og kontakter."),
        "Politiet",
    ),
}


def structure_key(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"veiviser:structure:{name}")


class SiteStructure:
    """Finds or creates the structural pages and tells where each plan item belongs."""

    def __init__(self) -> None:
        self.locale = Locale.get_default()
        self.home = self._home()
        self.shared = self._ensure(self.home, SharedAreaPage, "shared", SHARED_AREA)
        self.folders = {
            kind: self._ensure(self.shared, FolderPage, f"folder:{kind}", node)
            for kind, node in FOLDERS.items()
        }
        self.sections = {
            key: self._ensure(self.home, SectionPage, f"section:{key}", node)
            for key, node in SECTIONS.items()
        }

    def parent_for(self, kind: str, spec) -> Page:
        item_kind = KB_KINDS[kind].kb_kind
        if not item_kind.folder_slug:
            return self.home
        # Kinds a service's section may hold go there when the item names one.
        section = getattr(spec, "section", "shared") if item_kind.in_sections else "shared"
        return self.folders[kind] if section == "shared" else self.sections[section]

    def _ensure(self, parent: Page, model: type[Page], name: str, node: Node) -> Page:
        key = structure_key(name)
        page = model.objects.filter(translation_key=key, locale=self.locale).first()
        if page is None:
            extra = {"service": node.service} if model is SectionPage else {}
            page = model(
                title=node.title,
                slug=node.slug,
                intro=f"<p>{node.intro}</p>" if node.intro else "",
                translation_key=key,
                locale=self.locale,
                **extra,
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def _home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = self._ensure(root, HomePage, "home", HOME)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="Veiviser"
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = site.site_name or "Veiviser"
            # Public URLs in the API and feeds are built from the site's host name.
            base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site.hostname = base.hostname or site.hostname
            site.port = base.port or (443 if base.scheme == "https" else 80)
            site.save()
            # Wagtail's installation page ("Welcome to your new Wagtail site!") goes away.
            if type(old_root.specific) is Page and old_root.depth == 2:
                old_root.delete()
        return home
