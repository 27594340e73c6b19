"""Translations of pages with wagtail-localize: loading PO files, and each page's status.

A page's translation into a locale is *missing* when no page exists in that locale,
*outdated* when the source page was published after the translation's source was last
synchronised, and *up to date* otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

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
    """Per other locale: up to date, outdated or missing."""
    existing = {
        other.locale.language_code
        for other in page.get_translations(inclusive=False).select_related("locale")
    }
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    outdated = source is not None and source_is_outdated(source, page)
    status = {}
    for locale in Locale.objects.exclude(pk=page.locale_id).order_by("language_code"):
        code = locale.language_code
        status[code] = MISSING if code not in existing else OUTDATED if outdated else UP_TO_DATE
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


def export_po(page: Page, locale: Locale) -> polib.POFile:
    """The page's strings with their current translations into ``locale``, for translators.

    The file names no translation id, so it can be imported into any installation."""
    translation, _refreshed = _translation(page, locale)
    po = translation.export_po()
    po.metadata.pop("X-WagtailLocalize-TranslationID", None)
    po.metadata["Language"] = locale.language_code
    return po


def _entries(po: polib.POFile) -> dict[tuple[str, str], str]:
    return {(entry.msgctxt or "", entry.msgid): entry.msgstr for entry in po}


def apply_po(page: Page, locale: Locale, po: polib.POFile, user=None) -> str:
    """Bring the page's translation into ``locale`` in line with ``po`` and publish it.

    Returns "created", "updated" or "unchanged"; nothing is written when unchanged."""
    translation, refreshed = _translation(page, locale)
    target = page.get_translation_or_none(locale)
    if target is not None and target.live and not refreshed:
        current = _entries(translation.export_po())
        wanted = {key: text for key, text in _entries(po).items() if text}
        if all(current.get(key) == text for key, text in wanted.items()):
            return "unchanged"
    translation.import_po(po, user=user)
    translation.save_target(user=user, publish=True)
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
