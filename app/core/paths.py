"""Where the files that ship with the app live: found from the package, never the cwd."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
STATIC_DIR = PROJECT_DIR / "static"
MIGRATIONS_DIR = PROJECT_DIR / "migrations"
LOCALE_DIR = PROJECT_DIR / "locale"
EXHIBITS_DIR = PROJECT_DIR / "exhibits"
