"""Where the files that ship with the app live: found from the package, never the cwd.

The checkout keeps them at its top level (templates/, static/, migrations/, locale/,
exhibits/); a wheel carries the same folders inside the package, under app/share/
(the mapping is in pyproject.toml). An installed wheel finds them there; an editable
install or a plain checkout has no app/share/ and finds them beside the package.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
WHEEL_SHARE_DIR = PACKAGE_DIR / "share"
SHIPPED_DIR = WHEEL_SHARE_DIR if WHEEL_SHARE_DIR.is_dir() else PACKAGE_DIR.parent
TEMPLATES_DIR = SHIPPED_DIR / "templates"
STATIC_DIR = SHIPPED_DIR / "static"
MIGRATIONS_DIR = SHIPPED_DIR / "migrations"
LOCALE_DIR = SHIPPED_DIR / "locale"
EXHIBITS_DIR = SHIPPED_DIR / "exhibits"
