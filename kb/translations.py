"""Translations of pages with wagtail-localize: loading PO files, and each page's status.

A page's translation into a locale is *missing* when no page exists in that locale,
*outdated* when the source page was published after the translation was, and *up to date*
otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "content" / "translations"
HOME_FILE = "index.po"

UP_TO_DATE, OUTDATED, MISSING = "up_to_date", "outdated", "missing"
STATUS_LABELS = {
    UP_TO_DATE: _("oppdatert"),
    OUTDATED: _("utdatert"),
    MISSING: _("mangler"),
}


class TranslationFileError(Exception):
    """A PO file that names no page, or a locale that does not exist."""


def source_is_outdated(source: TranslationSource, page: Page) -> bool:
    """True when the page was published after its translation source was last synchronised."""
    published = page.last_published_at
    return published is not None and published > source.last_updated_at


def translation_status(page: Page) -> dict[str, str]:
    """Per other locale: up to date, outdated (the source was published after the
    translation) or missing (no published translation)."""
    targets = {
        other.locale.language_code: other
        for other in page.get_translations(inclusive=False).live().select_related("locale")
    }
    status = {}
    for locale in Locale.objects.exclude(pk=page.locale_id).order_by("language_code"):
        target = targets.get(locale.language_code)
        if target is None:
            status[locale.language_code] = MISSING
        elif (page.last_published_at or target.last_published_at) > target.last_published_at:
            status[locale.language_code] = OUTDATED
        else:
            status[locale.language_code] = UP_TO_DATE
    return status


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def po_file_for(home: Page, page: Page) -> Path:
    """The PO file of a page, relative to a locale's folder: its URL path below the home page."""
    relative = page.url_path[len(home.url_path) :].strip("/")
    return Path(relative + ".po") if relative else Path(HOME_FILE)


def _translation(page: Page, locale: Locale) -> tuple[Translation, bool]:
    """The page's translation record into ``locale``, its source synchronised with the page
    when the page was published since; the flag says whether it was."""
    source, created = TranslationSource.get_or_create_from_instance(page)
    refreshed = not created and source_is_outdated(source, page)
    if refreshed:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation, refreshed


# Stream blocks get random ids, different in every installation; PO files in the repository
# name a block by its position among the page's blocks instead («steps.#3.title»).
BLOCK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _block_positions(source: TranslationSource) -> dict[str, str]:
    """Block id -> «#n», numbered in the order the source's strings use them."""
    positions: dict[str, str] = {}
    paths = (
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .values_list("context__path", flat=True)
    )
    for path in paths:
        for block_id in BLOCK_ID.findall(path):
            positions.setdefault(block_id, f"#{len(positions) + 1}")
    return positions


def _rename_contexts(po: polib.POFile, names: dict[str, str]) -> polib.POFile:
    for entry in po:
        if entry.msgctxt:
            entry.msgctxt = ".".join(names.get(part, part) for part in entry.msgctxt.split("."))
    return po


def export_po(page: Page, locale: Locale) -> polib.POFile:
    """The page's strings with their current translations into ``locale``, for translators.

    The file names no translation id, so it can be imported into any installation."""
    translation, _refreshed = _translation(page, locale)
    po = _rename_contexts(translation.export_po(), _block_positions(translation.source))
    po.metadata.pop("X-WagtailLocalize-TranslationID", None)
    po.metadata["Language"] = locale.language_code
    return po


def _entries(po: polib.POFile) -> dict[tuple[str, str], str]:
    return {(entry.msgctxt or "", entry.msgid): entry.msgstr for entry in po}


def apply_po(page: Page, locale: Locale, po: polib.POFile, user=None) -> str:
    """Bring the page's translation into ``locale`` in line with ``po`` and publish it.

    Returns "created", "updated" or "unchanged"; nothing is written when unchanged."""
    translation, refreshed = _translation(page, locale)
    positions = _block_positions(translation.source)
    po = _rename_contexts(po, {position: block_id for block_id, position in positions.items()})
    target = page.get_translation_or_none(locale)
    if target is not None and target.live and not refreshed:
        current = _entries(translation.export_po())
        wanted = {key: text for key, text in _entries(po).items() if text}
        if all(current.get(key) == text for key, text in wanted.items()):
            return "unchanged"
    warnings = translation.import_po(po, user=user)
    if warnings:
        raise TranslationFileError(
            f"{po.fpath or page.url_path}: {len(warnings)} entries match no string of the page, "
            f"the first: {warnings[0]}"
        )
    # wagtail-localize would publish after commit, from a copy of the page taken before its
    # children were added (which resets their count); publish now, from the saved page.
    translation.save_target(user=user, publish=False)
    page.get_translation(locale).get_latest_revision().publish(user=user)
    return "created" if target is None else "updated"


def load_translations(home: Page, directory: Path = TRANSLATIONS_DIR, user=None) -> LoadReport:
    """Load every PO file under ``directory/<language code>/`` as a translation of the page at
    the same path below ``home``, parents before children."""
    report = LoadReport()
    if not directory.is_dir():
        return report
    pages = {po_file_for(home, page): page for page in home.get_descendants(inclusive=True)}
    for locale_dir in sorted(path for path in directory.iterdir() if path.is_dir()):
        locale = Locale.objects.filter(language_code=locale_dir.name).first()
        if locale is None:
            raise TranslationFileError(f"{locale_dir}: no locale «{locale_dir.name}» exists.")
        for path in sorted(locale_dir.rglob("*.po")):
            relative = path.relative_to(locale_dir)
            if relative not in pages:
                raise TranslationFileError(f"{path}: no page at /{relative.with_suffix('')}/.")
        files = [(page, rel) for rel, page in pages.items() if (locale_dir / rel).is_file()]
        for page, relative in sorted(files, key=lambda pair: pair[0].path):  # parents first
            path = locale_dir / relative
            try:
                po = polib.pofile(str(path))
            except (OSError, ValueError) as exc:
                raise TranslationFileError(f"{path}: not a valid PO file: {exc}") from None
            outcome = apply_po(page.specific, locale, po, user=user)
            getattr(report, outcome).append(f"{locale.language_code}:{relative}")
    return report
