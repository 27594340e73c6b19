from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page, Site

from kb.translations import TRANSLATIONS_DIR, export_po, po_file_for


class Command(BaseCommand):
    help = (
        "Write PO files of pages for translators: the pages' strings with any translations "
        "made so far. Translate them outside and load them with load_plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("locale", help="Target language code, e.g. nn.")
        parser.add_argument(
            "paths",
            nargs="+",
            help="Page paths below the home page, e.g. / or /kunnskapsbase/rutiner/.",
        )
        parser.add_argument(
            "--out", type=Path, default=TRANSLATIONS_DIR, help="Folder of the locales' folders."
        )
        parser.add_argument(
            "--children", action="store_true", help="Also every page below each path."
        )

    def handle(self, *args, locale: str, paths: list[str], out: Path, children: bool, **options):
        target = Locale.objects.filter(language_code=locale).first()
        if target is None:
            raise CommandError(f"No locale «{locale}» exists.")
        home = Site.objects.get(is_default_site=True).root_page.specific
        for url in paths:
            relative = url.strip("/")
            url_path = home.url_path + (relative + "/" if relative else "")
            page = Page.objects.filter(url_path=url_path, locale=home.locale).first()
            if page is None:
                raise CommandError(f"No page at {url}.")
            pages = page.get_descendants(inclusive=True) if children else [page]
            for each in pages:
                path = out / locale / po_file_for(home, each)
                path.parent.mkdir(parents=True, exist_ok=True)
                export_po(each.specific, target).save(str(path))
                self.stdout.write(str(path))
