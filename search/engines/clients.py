"""A thin adapter over the engine's own client: opensearch-py for OpenSearch, the elasticsearch
8 client for Elasticsearch 8 (which refuses to talk to OpenSearch). Both receive the same
request bodies, built with elasticsearch-dsl in ``search.engines.distributed``.

Connection failures, time-outs and server errors become ``EngineUnavailable`` (answer from
the database and try again later); anything else is a bug and is raised as it is."""

from __future__ import annotations

from typing import Any

CONNECTIONS_PER_NODE = 10


class EngineUnavailable(Exception):
    """The engine cannot be reached or cannot answer right now."""


class IndexUnusable(EngineUnavailable):
    """The engine answers, but its index cannot: missing (a first deploy before the index
    was built, or deleted), an alias that points nowhere, or built with another mapping."""


class OpenSearchClient:
    engine = "opensearch"

    def __init__(self, url: str, timeout: float) -> None:
        from opensearchpy import OpenSearch

        # One retry: a pooled connection may have died with an engine restart. A pool as
        # large as the Elasticsearch 8 client's default, for threaded app servers (the
        # default of one connection is reopened for every concurrent search).
        self.client = OpenSearch(
            hosts=[url], timeout=timeout, max_retries=1, pool_maxsize=CONNECTIONS_PER_NODE
        )

    def _call(self, function, **kwargs) -> Any:
        from opensearchpy import exceptions

        try:
            return function(**kwargs)
        except (exceptions.ConnectionError, exceptions.ConnectionTimeout) as exc:
            raise EngineUnavailable(str(exc)) from exc
        except exceptions.TransportError as exc:
            if isinstance(exc.status_code, int) and exc.status_code >= 500:
                raise EngineUnavailable(str(exc)) from exc
            raise

    def info(self) -> dict:
        return self._call(self.client.info)

    def create_index(self, name: str, body: dict) -> None:
        self._call(self.client.indices.create, index=name, body=body)

    def delete_index(self, name: str) -> None:
        self._call(self.client.indices.delete, index=name, ignore_unavailable=True)

    def indices(self, pattern: str) -> list[str]:
        found = self._call(self.client.indices.get, index=pattern, ignore=404)
        return [] if found.get("status") == 404 else sorted(found)

    def alias_targets(self, alias: str) -> list[str]:
        found = self._call(self.client.indices.get_alias, name=alias, ignore=404)
        return [] if found.get("status") == 404 else sorted(found)

    def update_aliases(self, actions: list[dict]) -> None:
        self._call(self.client.indices.update_aliases, body={"actions": actions})

    def mapping_meta(self, index: str) -> dict[str, dict]:
        """Each index's mapping ``_meta`` behind ``index`` (an alias); {} when there is none."""
        found = self._call(self.client.indices.get_mapping, index=index, ignore=404)
        if found.get("status") == 404:
            return {}
        return {name: body["mappings"].get("_meta", {}) for name, body in found.items()}

    def bulk(self, operations: list[dict], refresh: bool = False) -> dict:
        return self._call(self.client.bulk, body=operations, refresh=refresh)

    def search(self, index: str, body: dict) -> dict:
        # The shard request cache also keeps searches that return hits when asked per
        # request; the engine drops it at every refresh that changes the index, so a
        # published change is never answered from it.
        from opensearchpy import exceptions

        try:
            return self._call(self.client.search, index=index, body=body, request_cache=True)
        except (exceptions.NotFoundError, exceptions.RequestError) as exc:
            # 404: no such index or alias; 400: an index whose mapping our query does not fit.
            raise IndexUnusable(str(exc)) from exc

    def refresh(self, index: str) -> None:
        self._call(self.client.indices.refresh, index=index)


class Elasticsearch8Client(OpenSearchClient):
    engine = "elasticsearch"

    def __init__(self, url: str, timeout: float) -> None:
        from elasticsearch import Elasticsearch

        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=1)

    def _call(self, function, **kwargs) -> Any:
        from elastic_transport import ConnectionError as TransportConnectionError
        from elastic_transport import ConnectionTimeout
        from elasticsearch import ApiError

        try:
            return function(**kwargs)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            raise EngineUnavailable(str(exc)) from exc
        except ApiError as exc:
            if exc.meta.status >= 500:
                raise EngineUnavailable(str(exc)) from exc
            raise

    def indices(self, pattern: str) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            return sorted(self._call(self.client.indices.get, index=pattern))
        except NotFoundError:
            return []

    def alias_targets(self, alias: str) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            return sorted(self._call(self.client.indices.get_alias, name=alias))
        except NotFoundError:
            return []

    def mapping_meta(self, index: str) -> dict[str, dict]:
        from elasticsearch import NotFoundError

        try:
            found = self._call(self.client.indices.get_mapping, index=index)
        except NotFoundError:
            return {}
        return {name: body["mappings"].get("_meta", {}) for name, body in found.items()}

    def search(self, index: str, body: dict) -> dict:
        from elasticsearch import BadRequestError, NotFoundError

        try:
            return self._call(self.client.search, index=index, body=body, request_cache=True)
        except (NotFoundError, BadRequestError) as exc:
            raise IndexUnusable(str(exc)) from exc

    def bulk(self, operations: list[dict], refresh: bool = False) -> dict:
        return self._call(self.client.bulk, operations=operations, refresh=refresh)


def make_client(engine: str, url: str, timeout: float):
    if engine == "elasticsearch":
        return Elasticsearch8Client(url, timeout)
    return OpenSearchClient(url, timeout)
