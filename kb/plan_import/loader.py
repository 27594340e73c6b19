"""Read and validate the plan's data files; any error names the file and the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from kb.plan_import.schema import FILES, ItemSpec, Taxonomy

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "content" / "plan"


class PlanDataError(Exception):
    """A data file is missing, unreadable or malformed."""


@dataclass
class PlanData:
    taxonomy: Taxonomy
    # (kind, key) -> spec, in file order
    items: dict[tuple[str, str], ItemSpec] = field(default_factory=dict)
    # (kind, key) -> (file name, location) for error messages
    origins: dict[tuple[str, str], str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[ItemSpec]:
        return [spec for (k, _), spec in self.items.items() if k == kind]


def _format_loc(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise PlanDataError(f"{path}: the data file is missing.") from None
    except yaml.YAMLError as exc:
        raise PlanDataError(f"{path}: not valid YAML: {exc}") from None


def _validate(path: Path, model, data, prefix: tuple = ()):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _format_loc(prefix + tuple(first["loc"]))
        more = f" (and {exc.error_count() - 1} more errors)" if exc.error_count() > 1 else ""
        raise PlanDataError(f"{path}: field {where}: {first['msg']}{more}") from None


def load_plan_data(data_dir: Path = DEFAULT_DATA_DIR) -> PlanData:
    taxonomy_path = data_dir / "taxonomy.yaml"
    plan = PlanData(taxonomy=_validate(taxonomy_path, Taxonomy, _read_yaml(taxonomy_path)))
    for file_name, (list_key, kind, spec_class) in FILES.items():
        path = data_dir / file_name
        raw = _read_yaml(path)
        if list_key is None:
            entries = [((), raw)]
        else:
            if not isinstance(raw, dict) or not isinstance(raw.get(list_key), list):
                raise PlanDataError(f"{path}: field {list_key}: expected a list of items.")
            entries = [((list_key, index), entry) for index, entry in enumerate(raw[list_key])]
        for loc, entry in entries:
            spec = _validate(path, spec_class, entry, loc)
            if (kind, spec.key) in plan.items:
                raise PlanDataError(
                    f"{path}: field {_format_loc((*loc, 'key'))}: "
                    f"the key «{spec.key}» is used twice."
                )
            plan.items[(kind, spec.key)] = spec
            plan.origins[(kind, spec.key)] = f"{path}: field {_format_loc(loc)}"
    _check_references(plan)
    return plan


def _references(spec: ItemSpec):
    """Yield (field path, reference) for every reference an item makes."""
    for index, ref in enumerate(spec.related):
        yield f"related[{index}]", ref
    for name in ("contacts", "responsible_actors"):
        for index, ref in enumerate(getattr(spec, name, [])):
            yield f"{name}[{index}]", ref
    for s_index, step in enumerate(getattr(spec, "steps", [])):
        for index, ref in enumerate(step.links):
            yield f"steps[{s_index}].links[{index}]", ref
    for c_index, chapter in enumerate(getattr(spec, "chapters", [])):
        for index, ref in enumerate(chapter.references):
            yield f"chapters[{c_index}].references[{index}]", ref


def _check_references(plan: PlanData) -> None:
    topics = {term.key for term in plan.taxonomy.topics}
    audiences = {term.key for term in plan.taxonomy.audiences}
    areas = {term.key for term in plan.taxonomy.priority_areas}
    for item_id, spec in plan.items.items():
        origin = plan.origins[item_id]
        for field_name, known, values in (
            ("topics", topics, spec.topics),
            ("audiences", audiences, spec.audiences),
            (
                "priority_area",
                areas,
                [getattr(spec, "priority_area", None)] if hasattr(spec, "priority_area") else [],
            ),
        ):
            for value in values:
                if value not in known:
                    raise PlanDataError(
                        f"{origin}.{field_name}: «{value}» is not defined in taxonomy.yaml."
                    )
        for field_path, ref in _references(spec):
            if tuple(ref.split(":", 1)) not in plan.items:
                raise PlanDataError(f"{origin}.{field_path}: unknown reference «{ref}».")
            if ref == f"{item_id[0]}:{item_id[1]}":
                raise PlanDataError(f"{origin}.{field_path}: an item cannot refer to itself.")
        steps = getattr(spec, "steps", [])
        if [step.number for step in steps] != list(range(1, len(steps) + 1)):
            raise PlanDataError(f"{origin}.steps: steps must be numbered 1, 2, 3, … in order.")
