"""A round's figures as JSON or CSV, with the same disclosure control as the leaders' page:
``manage.py survey_report --wave <id> [--team <id>] --format json|csv``."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from stemme.accounts.models import Team
from stemme.survey import csv_export
from stemme.survey.models import Wave
from stemme.survey.selectors.report import wave_report


def _share(share) -> dict:
    if not share.shown:
        return {"shown": False}
    return {
        "shown": True,
        "n": share.n,
        "percent": share.percent,
        "low_percent": share.low_percent,
        "high_percent": share.high_percent,
    }


def _score(score) -> dict:
    if not score.shown:
        return {"shown": False}
    return {"shown": True, "n": score.n, "mean": round(score.mean, 1),
            "low": round(score.low, 1), "high": round(score.high, 1)}  # fmt: skip


def report_json(report) -> dict:
    return {
        "wave": str(report.wave.pk),
        "title": report.wave.title,
        "team": report.team.name if report.team is not None else None,
        "rolled_up": report.rolled_up,
        "min_cell": report.min_cell,
        "invited": report.invited,
        "responses": report.responses,
        "shown": report.shown,
        "items": [
            {
                "code": row.item.code,
                "dimension": dimension,
                "share": _share(row.share),
                "distribution": {part.label: part.percent for part in row.parts},
                "national_percent": row.national_percent,
                "comparison": row.comparison,
            }
            for dimension, rows in report.items
            for row in rows
        ],
        "dimensions": {label: _score(score) for label, score in report.dimensions},
        "subgroups": {
            table.key: [
                {
                    "group": group.label,
                    "responses": group.responses if group.shown else None,
                    "scores": [_score(score) for score in group.scores],
                }
                for group in table.groups
            ]
            for table in report.subgroups
        },
    }


class Command(BaseCommand):
    help = "Print a youth-survey round's figures (suppressed as on the page) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True)
        parser.add_argument("--team", type=int)
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, **options):
        wave = Wave.objects.filter(pk=options["wave"]).select_related("instrument").first()
        if wave is None:
            raise CommandError("Ingen runde med det id.")
        team = None
        if options["team"] is not None:
            team = Team.objects.filter(pk=options["team"], municipality=wave.municipality).first()
            if team is None:
                raise CommandError("Intet team med det id i rundens kommune.")
        report = wave_report(wave=wave, team=team)
        if options["format"] == "csv":
            csv_export.report_write(report, self.stdout)
        else:
            json.dump(report_json(report), self.stdout, ensure_ascii=False, indent=2)
            self.stdout.write("")
        sys.stdout.flush()
