"""The served OpenAPI document, made valid and explicit for partners' generators.

Wagtail's API v3 document has two faults that off-the-shelf tools refuse: error responses
without the required ``description``, and the ``AllowAnonymous`` fallback declared as an
``http`` security scheme without a ``scheme``. Anonymous access is expressed the way OpenAPI
means it instead: an empty security requirement (``{}``) beside the bearer token.
"""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

ANONYMOUS = "AllowAnonymous"


def _description(code: str) -> str:
    try:
        return HTTPStatus(int(code)).phrase
    except ValueError:
        return "Response"


def _fix_operation(operation: dict[str, Any]) -> None:
    for code, response in operation.get("responses", {}).items():
        response.setdefault("description", _description(code))
    security = operation.get("security")
    if security is None:
        return
    fixed = [requirement for requirement in security if ANONYMOUS not in requirement]
    if len(fixed) < len(security):
        fixed.append({})  # anonymous access: no credentials needed
    operation["security"] = fixed


def make_valid(document: dict[str, Any]) -> dict[str, Any]:
    """Fix ``document`` in place (and return it)."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                _fix_operation(operation)
    schemes = document.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS, None)
    return document


def install(api) -> None:
    """Serve the fixed document from ``api`` (Wagtail's NinjaAPI instance)."""
    original: Callable[..., dict[str, Any]] = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs) -> dict[str, Any]:
        return make_valid(original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
