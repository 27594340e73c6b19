"""One validation gate for everything that goes live.

Wagtail validates a page with ``full_clean()`` when the admin form is submitted and when a live
page is saved, but neither checks StreamField blocks (their rules live in the admin form field)
nor personal data. ``PublishGateMixin`` adds both to the model's own validation, and runs the
full validation on the revision's content in ``publish()``: the method every publishing path
ends in (the admin's publish button, workflow approval, API actions, ``publish_scheduled``,
reverts and the plan import all call ``Revision.publish`` → ``Page.publish``).
"""

from __future__ import annotations

import logging
from copy import deepcopy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import COMMENTS_RELATION_NAME
from wagtail.utils.forms import FormValidationError

from kb.privacy import find_identity_numbers, masked, strings_in

logger = logging.getLogger(__name__)

SCHEDULED_PUBLISH = "wagtail.publish.scheduled"
REFUSED_ACTION = "veiviser.publish_refused"

_TEXT_FIELDS = (models.CharField, models.TextField)
# Wagtail's bookkeeping: derived from the title and slug, which are checked themselves.
_SKIPPED = {"draft_title", "url_path", "path", "translation_key"}
# Editors' comments are never published.
_INTERNAL_RELATIONS = {COMMENTS_RELATION_NAME}


def privacy_message(numbers: list[str]) -> str:
    return _(
        "Teksten inneholder et fødselsnummer eller D-/H-nummer (%(numbers)s). Veiviser skal "
        "aldri inneholde personopplysninger: fjern nummeret."
    ) % {"numbers": ", ".join(masked(number) for number in numbers)}


def field_texts(instance: models.Model, field: models.Field) -> list[str]:
    """The text a field holds, as strings (a StreamField's every text, however deep)."""
    value = getattr(instance, field.attname, None)
    if isinstance(field, StreamField):
        if isinstance(value, StreamValue):
            value = value.get_prep_value()
        return list(strings_in(value))
    if isinstance(field, _TEXT_FIELDS) and isinstance(value, str):
        return [value]
    if isinstance(field, models.JSONField):
        return list(strings_in(value))
    return []


def identity_numbers_in(instance: models.Model, field: models.Field) -> list[str]:
    texts = field_texts(instance, field)
    return [number for text in texts for number in find_identity_numbers(text)]


def stream_block_error(instance: models.Model, field: StreamField) -> ValidationError | None:
    """The block validation the admin's form field would run (min_num, required, choices…)."""
    value = getattr(instance, field.attname, None)
    if not isinstance(value, StreamValue):
        return None
    # Cleaning turns every block into Python values, which the page would then save in
    # another (equivalent) form: clean a copy, and leave the page's own value as it was.
    copy = field.stream_block.to_python(deepcopy(value.get_prep_value()))
    try:
        field.stream_block.clean(copy)
    except ValidationError as exc:
        return exc
    return None


def field_errors(instance: models.Model, exclude: set[str] | None) -> dict[str, list]:
    errors: dict[str, list] = {}
    for field in instance._meta.concrete_fields:
        if field.name in (exclude or set()) or field.name in _SKIPPED:
            continue
        if isinstance(field, StreamField) and (error := stream_block_error(instance, field)):
            errors.setdefault(field.name, []).append(error)
        if numbers := identity_numbers_in(instance, field):
            errors.setdefault(field.name, []).append(
                ValidationError(privacy_message(numbers), code="identity_number")
            )
    return errors


def child_errors(instance: models.Model) -> list[ValidationError]:
    """Inline objects (related links and the like) have no form field of their own on the
    page, so their hits are reported for the page as a whole, naming the part."""
    errors = []
    for relation in get_all_child_relations(instance):
        if relation.get_accessor_name() in _INTERNAL_RELATIONS:
            continue
        for child in getattr(instance, relation.get_accessor_name()).all():
            for field in child._meta.concrete_fields:
                if numbers := identity_numbers_in(child, field):
                    label = relation.related_model._meta.verbose_name
                    errors.append(
                        ValidationError(
                            f"{str(label).capitalize()}: {privacy_message(numbers)}",
                            code="identity_number",
                        )
                    )
    return errors


class PublishRefused(FormValidationError):
    """The content of a revision failed validation when it was about to go live. A
    ``FormValidationError``, so that API v3 answers 422 naming each field."""

    @classmethod
    def from_error(cls, exc: ValidationError) -> PublishRefused:
        return cls(
            {
                (field,): [
                    (message, error.code or "invalid") for error in errors for message in error
                ]
                for field, errors in exc.error_dict.items()
            }
        )


class PublishGateMixin:
    """Mixed into every page type: full validation (blocks and personal data included) when the
    admin form is submitted, and again on the exact content of any revision that is published."""

    def clean_fields(self, exclude=None):
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, messages in field_errors(self, exclude).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        if errors := child_errors(self):
            raise ValidationError({NON_FIELD_ERRORS: errors})

    def publish(self, revision, user=None, changed=True, log_action=True, **kwargs):
        candidate = revision.as_object()
        try:
            candidate.full_clean()
        except ValidationError as exc:
            if log_action != SCHEDULED_PUBLISH:
                raise PublishRefused.from_error(exc) from exc
            refuse_scheduled(revision, candidate, exc)
            return None
        return super().publish(
            revision, user=user, changed=changed, log_action=log_action, **kwargs
        )


def refuse_scheduled(revision, page, exc: ValidationError) -> None:
    """``publish_scheduled`` goes on with the other pages: this revision is taken off the
    schedule (so it is not tried every few minutes) and the refusal is in the page's history."""
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    reasons = [str(message) for message in exc.messages]
    log(instance=page, action=REFUSED_ACTION, data={"reasons": reasons}, revision=revision)
    logger.warning("Scheduled publishing of page %s refused: %s", page.pk, "; ".join(reasons))
