"""Channel adapters: how a letter reaches its recipient, and when it counts as *sent*.

A letter is *sent* only when its channel confirmed it, with the time and the channel's own
reference. Min sag (the portal) is Stemme itself, so it confirms at once. A printed letter and
one handed over in person are confirmed by the caseworker (``letter_mark``). Digital Post, e-mail
and text messages have no adapter yet: their letters stay *ready to send*.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from stemme.letters.models import Channel


@dataclass(frozen=True)
class Confirmation:
    """The channel's word that the letter went: when, and its reference."""

    at: dt.datetime
    ref: str


class ChannelAdapter:
    """One way of sending. ``deliver`` hands the letter over; it returns a Confirmation when
    the channel confirmed it at once, and None when the letter waits (to be printed, handed
    over, or for an adapter that does not exist yet)."""

    channel: str = ""
    caseworker_marks: tuple[str, ...] = ()  # the steps the caseworker records (letter_mark)

    def deliver(self, letter) -> Confirmation | None:
        return None


class PrintChannel(ChannelAdapter):
    """The caseworker prints the letter and posts it: "printed", then "sent by post"."""

    channel = Channel.LETTER
    caseworker_marks = ("printed", "posted")


class ByHandChannel(ChannelAdapter):
    """The caseworker hands the letter over and records it."""

    channel = Channel.BY_HAND
    caseworker_marks = ("handed",)


class PortalChannel(ChannelAdapter):
    """Min sag: Stemme shows the letter to the recipient itself, so it is sent at once."""

    channel = Channel.PORTAL

    def deliver(self, letter) -> Confirmation | None:
        return Confirmation(at=timezone.now(), ref=f"minsag:{letter.pk}")


class DigitalPostChannel(ChannelAdapter):
    """Digital Post (e-Boks/mit.dk). The interface only: no integration exists yet, so
    ``deliver`` confirms nothing and the letter stays ready to send. An implementation returns
    the Confirmation with Digital Post's message id."""

    channel = Channel.DIGITAL_POST


class UnconnectedChannel(ChannelAdapter):
    """E-mail and text messages: no adapter yet; the letter stays ready to send."""

    def __init__(self, channel: str):
        self.channel = channel


@dataclass
class FakeChannel(ChannelAdapter):
    """For tests: confirms at once with a counted reference, and remembers what it got."""

    channel: str = Channel.DIGITAL_POST
    delivered: list = field(default_factory=list)

    def deliver(self, letter) -> Confirmation | None:
        self.delivered.append(letter.pk)
        return Confirmation(at=timezone.now(), ref=f"fake:{len(self.delivered)}")


ADAPTERS: dict[str, ChannelAdapter] = {
    Channel.LETTER: PrintChannel(),
    Channel.BY_HAND: ByHandChannel(),
    Channel.PORTAL: PortalChannel(),
    Channel.DIGITAL_POST: DigitalPostChannel(),
    Channel.EMAIL: UnconnectedChannel(Channel.EMAIL),
    Channel.SMS: UnconnectedChannel(Channel.SMS),
}


# The ways a caseworker can choose when Stemme makes letters (decision letters, the receipt):
# those whose adapter can confirm the letter went. Digital Post joins when its adapter exists.
MAKING_CHANNELS = (Channel.LETTER, Channel.BY_HAND)


def adapter_for(channel: str) -> ChannelAdapter:
    return ADAPTERS[channel]
