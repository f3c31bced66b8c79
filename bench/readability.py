"""Print the LIX readability of Min sag's fixed Danish texts per age band.

    .venv/bin/python bench/readability.py

No database is needed: the texts come from the templates, the code and the Danish catalogue
(stemme/portal/readability.py explains what is measured).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from stemme.portal import readability

    print(readability.format_report(readability.band_report()))


if __name__ == "__main__":
    main()
