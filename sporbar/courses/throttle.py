"""Limits on the citizen's one-time link (/s/<token>/), which needs no login.

The tokens are 256-bit random values, so guessing one is hopeless; the limits keep a guesser
slow and visible without locking out the citizens who share one address (a municipal network,
a library, a mobile operator's NAT):

- per address: at most `burst_per_ip` requests a minute and `failures_per_ip` unknown, used or
  expired tokens (or rejected answers) per 10 minutes. Both are far above what people behind one
  address do by mistake; above them the address gets 429 for every token, valid or not, so a
  guesser learns nothing, and the wait is at most 10 minutes;
- per link: at most `failures_per_link` rejected answers an hour for one link, which stops
  hammering one citizen's form without touching anyone else.

The cache keys hold the address or the link's id, never the token. Values come from
settings.SELF_REPORT_LIMITS.
"""

from django.conf import settings
from django.core.cache import cache

MINUTE, TEN_MINUTES, HOUR = 60, 600, 3600


def _limits():
    return settings.SELF_REPORT_LIMITS


def _count(key, window) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def address_limited(ip: str) -> bool:
    """Counts this request; True when the address is over its burst or failure limit."""
    burst = _count(f"selfreport:req:{ip}", MINUTE)
    return (
        burst > _limits()["burst_per_ip"] or (cache.get(f"selfreport:fail:{ip}") or 0) >= _limits()["failures_per_ip"]
    )


def link_limited(link_id: int) -> bool:
    return (cache.get(f"selfreport:link:{link_id}") or 0) >= _limits()["failures_per_link"]


def failed(ip: str, link_id: int | None = None) -> None:
    _count(f"selfreport:fail:{ip}", TEN_MINUTES)
    if link_id is not None:
        _count(f"selfreport:link:{link_id}", HOUR)


def retry_after(link_id: int | None = None) -> int:
    return HOUR if link_id is not None and link_limited(link_id) else TEN_MINUTES
