"""The form Wagtail's API v3 writes knowledge-base pages through: the admin's form, with
block errors spelled out."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField


class KnowledgePageForm(WagtailAdminPageForm):
    def full_clean(self) -> None:
        super().full_clean()
        # A block's own error sits deep in the value; Wagtail's API reports only the field
        # ("Validation error in StreamBlock"), so say which block and what is wrong with it.
        for name, field in self.fields.items():
            if isinstance(field, BlockField) and name in self.errors:
                details = [
                    message
                    for error in self.errors.as_data()[name]
                    for message in block_messages(getattr(error, "as_json_data", dict)())
                ]
                if details:
                    self.errors[name] = self.error_class(details)


def block_messages(data, path: str = "") -> list[str]:
    """Flatten a block error's JSON (``messages``, ``blockErrors``) to «path: message» lines."""
    if not isinstance(data, dict):
        return []
    lines = [f"{path}: {message}" if path else message for message in data.get("messages", [])]
    children = data.get("blockErrors") or {}
    items = children.items() if isinstance(children, dict) else enumerate(children)
    for key, child in items:
        if child is None:
            continue
        label = f"{int(key) + 1}" if isinstance(key, int) or str(key).isdigit() else str(key)
        lines += block_messages(child, f"{path} › {label}" if path else label)
    return lines
