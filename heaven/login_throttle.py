"""Who may try to log in: django-axes' database handler, plus a throttle per address.

Axes locks out a username *and* address together (`AXES_LOCKOUT_PARAMETERS`), so
a stranger guessing an editor's password locks out only themselves, and the
editor logs in from their own address. That alone would let one address try
every username a few times each; so an address whose failures, over every
username, reach `AXES_ADDRESS_FAILURE_LIMIT` within the cool-off is refused too,
whichever username it sends. Other addresses are unaffected.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    return (
        AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )


class AddressThrottlingHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
