from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.plan_import.loader import DEFAULT_DATA_DIR, PlanDataError, load_plan_data
from kb.plan_import.sync import PlanSync
from kb.translations import TranslationFileError, load_translations
from website.legal_pages import ensure_legal_pages
from website.structure import SiteStructure


class Command(BaseCommand):
    help = "Load the action plan from its data files into the site (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=DEFAULT_DATA_DIR, help="Folder with the plan's YAML files."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite pages that editors have changed since the import.",
        )

    def handle(self, *args, data: Path, force: bool, verbosity: int, **options):
        try:
            plan = load_plan_data(data)
        except PlanDataError as exc:
            raise CommandError(f"The plan was not loaded: {exc}") from None
        if verbosity >= 1:
            self.stdout.write(f"Loading {len(plan.items)} items of the plan from {data}…")
        progress = self.stdout.write if verbosity >= 2 else (lambda message: None)
        try:
            with transaction.atomic():
                structure = SiteStructure()
                report = PlanSync(plan, structure.parent_for, force=force, progress=progress).run()
                legal = ensure_legal_pages()
                translated = load_translations(structure.home)
        except (PlanDataError, TranslationFileError) as exc:
            # an item the publish gate refused, or a translation file that fits no page;
            # nothing was written
            raise CommandError(f"The plan was not loaded: {exc}") from None
        self.stdout.write(
            f"Plan loaded: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept_edits)} kept as edited."
        )
        if legal:
            self.stdout.write("Created: " + ", ".join(legal))
        self.stdout.write(
            f"Translations: {len(translated.created)} created, {len(translated.updated)} "
            f"updated, {len(translated.unchanged)} unchanged."
        )
        if report.kept_edits:
            self.stdout.write(
                "Edited by people since the last import (use --force to overwrite): "
                + ", ".join(report.kept_edits)
            )
