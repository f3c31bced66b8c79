"""SMS behind an adapter: ``STEMME_SMS_ADAPTER`` is the dotted path of a class with
``send(number: str, text: str) -> None`` that raises when the gateway refuses the message.

``NoSMS`` (the default) connects no gateway: users cannot choose SMS and nothing is sent. A
municipality's gateway (an SMS provider's HTTP API) is a class of its own beside these. The texts
are the same content-free ones as the e-mails (stemme.notifications.services).
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class NoSMS:
    """No SMS gateway: SMS is not offered."""

    available = False

    def send(self, number: str, text: str) -> None:
        raise RuntimeError("No SMS gateway is configured (STEMME_SMS_ADAPTER).")


@dataclass(frozen=True)
class SentSMS:
    number: str
    text: str


class FakeSMS:
    """For tests and demonstrations: records every message in ``FakeSMS.outbox`` (like Django's
    locmem mail outbox), sends nothing."""

    available = True
    outbox: list[SentSMS] = []

    def send(self, number: str, text: str) -> None:
        FakeSMS.outbox.append(SentSMS(number=number, text=text))


@cache
def _adapter_class(path: str) -> type:
    return import_string(path)


def sms_adapter():
    """The configured adapter (a new instance; the class is looked up once per path)."""
    path = getattr(settings, "STEMME_SMS_ADAPTER", "stemme.notifications.sms.NoSMS")
    return _adapter_class(path)()


__all__ = ["FakeSMS", "NoSMS", "SentSMS", "sms_adapter"]
