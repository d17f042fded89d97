"""Login throttling that cannot be turned against users (django-axes).

Failed logins are counted twice: per client address, and per (username, address). Five
wrong passwords for one account lock that account from that address; thirty failures from
one address, whatever usernames they try (unknown ones too), lock the address. A locked
client is refused before any password is hashed, so a flood costs a few queries a request,
not ~0.5 s of CPU each. One school's shared address never locks another school out.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

PER_ACCOUNT_LIMIT = 5  # also AXES_FAILURE_LIMIT
PER_ADDRESS_LIMIT = 30


class PerAccountAndAddressHandler(AxesDatabaseHandler):
    """Axes compares one count with one limit; the per-address count is scaled so that it
    reaches that limit at PER_ADDRESS_LIMIT failures. The attempts come in the order of
    AXES_LOCKOUT_PARAMETERS: the address first, then the (username, address) pair."""

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A good login clears that account's own count from that address, not the
        address's: else anyone with an account could wipe the address's failures."""
        per_account = self.filter_user_attempts(request, credentials)[1]
        return per_account.delete()[0]

    def get_failures(self, request, credentials=None) -> int:
        per_address, per_account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(per_account, per_address * PER_ACCOUNT_LIMIT // PER_ADDRESS_LIMIT)


def client_address(request) -> str | None:
    """The address a login counts against. Behind the TLS proxy (BEHIND_TLS_PROXY, the server
    listening on loopback only) every request comes from the proxy, which appends the real
    client's address to X-Forwarded-For: only that last entry is taken. Entries before it
    were written by the client and prove nothing. Without the proxy, the header is ignored."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote
