"""Who is knocking: the client address django-axes counts failed logins against.

Axes locks a username *from one address* (AXES_LOCKOUT_PARAMETERS), so the address must be the
real client's. Behind reverse proxies the connection comes from the proxy; each trusted proxy
appends the address it saw to X-Forwarded-For, so with N trusted proxies the client is the N-th
entry from the right. Entries further left were written by the client and prove nothing.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    trusted = settings.STEMME_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR")
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        return remote  # fewer hops than configured: do not guess
    return forwarded[-trusted]
