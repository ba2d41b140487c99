"""Sessions in a cache, as with ATBALSTS_REDIS_URL (ADR 0021): the idle limit still holds.

A local memory cache stands in for Redis here; the session store is the one the setting picks.
"""

import pytest
from django.utils import timezone

SESSIONS_IN_A_CACHE = {
    "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
    "SESSION_CACHE_ALIAS": "sessions",
}


@pytest.fixture
def cache_sessions(settings):
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-sessions"},
    }
    for name, value in SESSIONS_IN_A_CACHE.items():
        setattr(settings, name, value)


def later(minutes: int):
    return (timezone.localtime() + timezone.timedelta(minutes=minutes)).time()


def test_a_session_in_the_cache_lives_while_used_and_ends_after_30_idle_minutes(people, login, clock, cache_sessions):
    from django.contrib.sessions.models import Session

    http = login(people["sw"])
    assert http.get("/").status_code == 200
    assert not Session.objects.exists()  # nothing in the database table

    # Used every 20 minutes, it stays: the idle limit counts from the last renewal.
    for _ in range(3):
        clock.move_to(timezone.localdate(), at=later(20))
        assert http.get("/").status_code == 200

    # 31 minutes without a request: gone, and the next page asks to sign in.
    clock.move_to(timezone.localdate(), at=later(31))
    response = http.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
