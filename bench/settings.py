"""Settings for bench/http_load.py's server: Stemme's production settings (DEBUG off) with the floor
page mounted beside its URLs (bench/floor.py). Never used by the application."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
