"""The visitor's address for sign-in lockouts, honest behind our own proxies.

Behind nginx every request comes from 127.0.0.1, so locking out "user name + address"
would lock out a user name for everyone. Each proxy we run appends the address it saw
to X-Forwarded-For, so with N proxies the visitor is the Nth entry from the right;
anything further left was written by the client and is ignored (it could be forged).
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        # Not through the expected proxies (a direct probe on loopback): the socket's.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
