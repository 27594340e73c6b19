"""Which addresses a webhook may be sent to (server-side request forgery guard).

A receiver's URL is an editor's input, and the request carries a signed body from inside the
municipality's network: it must never reach the service itself, the local network or a cloud
metadata endpoint. Only globally routable addresses are allowed, unless the
``VEIVISER_WEBHOOK_ALLOWED_NETWORKS`` setting names a network. The check is made when the
receiver is saved and again when sending, on the address the connection is then made to (so a
name that is re-pointed later, or resolves differently, gains nothing); redirects are never
followed.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedTarget(OSError):
    """The receiver's address is one Veiviser never sends to."""


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.VEIVISER_WEBHOOK_ALLOWED_NETWORKS
    ]


def is_allowed(address: IPAddress) -> bool:
    """Globally routable, or in a network the allow-list names."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in allowed_networks()):
        return True
    # is_global is False for loopback, private, link-local (169.254.169.254 and the other
    # metadata endpoints), shared (100.64/10), unspecified, reserved and documentation ranges.
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[tuple[socket.AddressFamily, IPAddress]]:
    """Every address a host name (or literal) resolves to; OSError if it resolves to none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [
        (family, ipaddress.ip_address(sockaddr[0].split("%")[0]))
        for family, *_rest, sockaddr in infos
    ]


def refusal(url: str) -> str | None:
    """Why a receiver URL is refused when it is saved, or None. A name that does not resolve
    now is accepted: it is checked again on every send."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolve(parts.hostname, port)
    except (OSError, ValueError, UnicodeError):
        return None
    blocked = sorted({str(address) for _family, address in addresses if not is_allowed(address)})
    if blocked:
        return str(
            _(
                "Adressen peker til et internt eller reservert nettverk (%(addresses)s). "
                "Webhooks sendes bare til offentlige adresser."
            )
            % {"addresses": ", ".join(blocked)}
        )
    return None


def create_connection(
    address: tuple[str, int], timeout: float | None = None, source_address=None, **kwargs
) -> socket.socket:
    """``socket.create_connection`` that resolves once, refuses blocked addresses and connects
    to exactly the address it checked."""
    host, port = address
    addresses = resolve(host, port)
    if not addresses or not all(is_allowed(ip) for _family, ip in addresses):
        raise BlockedTarget(f"blocked address for {host}")
    last_error: OSError | None = None
    for family, ip in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if isinstance(timeout, int | float):  # not the socket module's "default" sentinel
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect((str(ip), port))
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    raise last_error or OSError(f"no address for {host}")
