"""Django's Redis cache backend, made to fail open.

The cache only saves work: when Redis is down, a read is a miss and a write is skipped, so pages
and API answers are still served (uncached) instead of failing with a 500. Each failure is
logged, and /readyz reports the cache as unavailable.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("veiviser.cache")


def _fail_open(default: Any) -> Callable:
    def decorator(method: Callable) -> Callable:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable (%s): %s", method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorator


class TolerantRedisCache(RedisCache):
    """A Redis cache whose outages read as misses and skip writes."""

    get_many = _fail_open(dict)(RedisCache.get_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    add = _fail_open(False)(RedisCache.add)
    set = _fail_open(None)(RedisCache.set)
    set_many = _fail_open(list)(RedisCache.set_many)
    touch = _fail_open(False)(RedisCache.touch)
    delete = _fail_open(False)(RedisCache.delete)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    clear = _fail_open(None)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("cache unavailable (get): %s", error)
            return default
