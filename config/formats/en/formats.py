"""English dates in Stemme (the language switcher's alternative): the same two styles as the
Danish ones (config/formats/da), "6 Dec 2026" and "06.12.2026"."""

from django.conf.locale.en.formats import *  # noqa: F403 - the rest of Django's English formats

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j M"
