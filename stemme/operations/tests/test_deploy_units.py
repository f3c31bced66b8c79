"""Production runs by systemd what `make run` runs by itself (scripts/run.py's timers): a timer
missing in deploy/systemd meant that in production no unread message was ever escalated."""

import configparser
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
UNITS = ROOT / "deploy" / "systemd"


def _run_script_timers() -> list[tuple[str, int]]:
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TIMERS


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def test_every_timer_of_make_run_has_a_service_and_a_timer_in_production():
    timers = _run_script_timers()
    assert timers
    services = {
        path: _unit(path)["Service"]["ExecStart"] for path in sorted(UNITS.glob("*.service"))
    }
    for command, _seconds in timers:
        running = [path for path, start in services.items() if f"manage.py {command}" in start]
        assert len(running) == 1, f"no (or more than one) unit runs manage.py {command}"
        service = running[0]
        timer = service.with_suffix(".timer")
        assert timer.exists(), f"{service.name} has no timer"
        schedule = _unit(timer)["Timer"]
        assert any(key.startswith("On") for key in schedule), timer.name
        assert _unit(service)["Service"]["Type"] == "oneshot"
        assert _unit(service)["Service"]["User"] == "stemme"


def test_the_notifications_timer_runs_at_least_every_five_minutes():
    schedule = _unit(UNITS / "stemme-notifications.timer")["Timer"]
    assert schedule["OnUnitActiveSec"] == "5min"
    assert dict(_run_script_timers())["send_notifications"] == 300


def test_the_deploy_guide_enables_every_timer():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for timer in sorted(UNITS.glob("*.timer")):
        assert timer.stem + ".timer" in guide, timer.name
