"""What every page's templates take from the domains, handed to core's Jinja environments."""

from markupsafe import Markup, escape

from app.accounts.models import ROLE_LABELS
from app.booths.schemas import LIST_SLOTS, SECTION_LABELS, SINGLE_SLOTS
from app.booths.search import MARK_CLOSE, MARK_OPEN
from app.booths.theme import theme_url
from app.core.templating import provide
from app.moderation.models import STATE_LABELS
from app.pillars import PILLAR_ELEMENTS, PILLAR_NAMES, PILLARS


def highlight(snippet: str) -> Markup:
    """Escape a search snippet, then turn its match markers into <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))  # noqa: S704  (escaped above)


def install_template_globals() -> None:
    """Give the templates the labels, pillars and helpers of the domains (idempotent)."""
    provide(
        globals={
            "pillars": PILLARS,
            "pillar_names": PILLAR_NAMES,
            "pillar_elements": PILLAR_ELEMENTS,
            "theme_url": theme_url,
            "role_labels": ROLE_LABELS,
            "state_labels": STATE_LABELS,
            "section_labels": SECTION_LABELS,
            "single_slots": SINGLE_SLOTS,
            "list_slots": LIST_SLOTS,
        },
        filters={"highlight": highlight},
    )
