"""A partner's mirror of Veiviser's knowledge base, kept in step through the change log.

    python examples/mirror.py https://veiviser.example mirror.json

The first run loads everything; each later run applies only what changed since the cursor
kept in the state file: upserts are fetched again, removals (and items that answer 410 Gone)
are dropped. Only the standard library is used. ``sync`` takes any ``get`` function that
returns ``(status, json)`` for a URL, so the test suite drives it through the application."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

Get = Callable[[str], tuple[int, dict]]


def http_get(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def sync(base_url: str, state: dict, get: Get = http_get) -> dict:
    """Bring ``state`` (``{"cursor": int, "items": {"type:id": item}}``) up to date."""
    state.setdefault("cursor", 0)
    items = state.setdefault("items", {})
    url = f"{base_url.rstrip('/')}/api/v3/kb/changes/?since={state['cursor']}&limit=1000"
    while url:
        status, page = get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}: {page}")
        latest = {f"{c['type']}:{c['id']}": c for c in page["items"]}  # the last word counts
        for key, change in latest.items():
            if change["event"] == "removal":
                items.pop(key, None)
                continue
            status, item = get(change["api_url"])
            if status == 200:
                items[key] = item
            elif status in (404, 410):
                items.pop(key, None)
            else:
                raise RuntimeError(f"{change['api_url']} answered {status}: {item}")
        state["cursor"] = page["cursor"]  # saved only after the page is applied
        url = page["next"]
    return state


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("Bruk: python examples/mirror.py <base-url> <state.json>", file=sys.stderr)
        return 2
    base_url, path = argv[1], Path(argv[2])
    state = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    state = sync(base_url, state)
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(state['items'])} items, cursor {state['cursor']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
