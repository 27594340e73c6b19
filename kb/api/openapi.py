"""The served OpenAPI document, made valid and explicit for partners' generators.

Wagtail's API v3 document has faults that off-the-shelf tools refuse: error responses
without the required ``description``; the ``AllowAnonymous`` fallback declared as an ``http``
security scheme without a ``scheme``; and optional
request bodies whose schema wraps a component in ``allOf`` with a whole-object ``default``,
which generators cannot model (the component's own field defaults say the same).

An operation that anyone may call has no ``security`` at all: a bearer token changes nothing
in its answer, and generators (openapi-python-client reads any ``security`` as "needs a
token", even with the optional ``{}`` beside it) then accept a client without one.
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


def _fix_body(operation: dict[str, Any]) -> None:
    for media in operation.get("requestBody", {}).get("content", {}).values():
        schema = media.get("schema", {})
        if "default" in schema and len(schema.get("allOf", ())) == 1:
            media["schema"] = schema["allOf"][0]


def _fix_operation(operation: dict[str, Any]) -> None:
    for code, response in operation.get("responses", {}).items():
        response.setdefault("description", _description(code))
    _fix_body(operation)
    if any(ANONYMOUS in requirement for requirement in operation.get("security", ())):
        del operation["security"]


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
