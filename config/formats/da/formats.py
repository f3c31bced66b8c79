"""Danish dates in Stemme: one long and one short style, everywhere (pages, letters, PDFs).

Long: "6. dec. 2026" (``DATE_FORMAT``; "N" is the Danish abbreviation with its full stop:
jan., feb., marts, april, maj, juni, juli, aug., sept., okt., nov., dec.). Short:
"06.12.2026" (``SHORT_DATE_FORMAT``). Templates use ``|date`` / ``|date:"SHORT_DATE_FORMAT"``
(and DATETIME_FORMAT / SHORT_DATETIME_FORMAT with the time), never a format of their own.
Django's own Danish formats supply everything else (input formats, separators).
"""

from django.conf.locale.da.formats import *  # noqa: F403 - the rest of Django's Danish formats

DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j. N"
