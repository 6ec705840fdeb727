"""The moderators' pages: the queue, one submission's review, its rendered preview."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlmodel import Session, select
from starlette.datastructures import QueryParams
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Reviewer
from app.accounts.models import User, UserHall
from app.booths.models import BoothRevision
from app.booths.schemas import (
    EDITOR_SECTION_LABELS,
    FIELD_LABELS,
    LIST_LABELS,
    ROW_LABELS,
    SECTION_LABELS,
    SECTIONS,
)
from app.booths.views import revision_page
from app.core.db import SessionDep
from app.core.errors import DomainError, Invalid
from app.core.forms import FormCsrf, SubmittedFields, refusal
from app.core.i18n import N_, error_message, negotiate_language, translate, translations
from app.core.numbers import ascii_int
from app.core.public import private_page
from app.halls.models import Hall
from app.halls.service import halls_in_order
from app.moderation.checks import blocking
from app.moderation.claims import claim_submission, release_submission, take_over_submission
from app.moderation.decisions import BlockingChecks, decide_submission
from app.moderation.dependencies import GuestbookWaiting, ReviewedSubmission, find_submission
from app.moderation.diff import DIFF_SECTIONS
from app.moderation.models import OPEN_STATES, Submission
from app.moderation.queue import (
    FILTER_STATES,
    QueueFilter,
    QueueRow,
    emails_of,
    load_review,
    queue_rows,
)
from app.moderation.schemas import TEXT_LIMIT, Decision
from app.moderation.views import submission_history
from app.pillars import PILLAR_NAMES
from app.regions.models import Province, Region

router = APIRouter(prefix="/moderation", include_in_schema=False)

DECIDED_SHOWN = 100  # the "recently decided" view lists this many decisions, newest first
# Indonesian msgids, translated in the templates.
DIFF_SECTION_LABELS = {**SECTION_LABELS, "translations": EDITOR_SECTION_LABELS["translations"]}
FILTER_LABELS = {
    "open": N_("Terbuka"),
    "submitted": N_("Diajukan, belum dipegang"),
    "in_review": N_("Sedang ditinjau"),
    "decided": N_("Sudah diputuskan"),
    "approved": N_("Disetujui"),
    "changes_requested": N_("Perlu perbaikan"),
    "rejected": N_("Ditolak"),
}
DECISION_LABELS = {
    "approve": N_("Setujui dan tayangkan"),
    "request_changes": N_("Minta perbaikan"),
    "reject": N_("Tolak"),
}
PATH_LABELS = {
    **FIELD_LABELS,
    **LIST_LABELS,
    "period": N_("Periode masterplan"),
    "text": N_("Misi"),
}
MEDIA_TEXT_LABELS = {
    "alt_text": N_("Teks alternatif"),
    "title": N_("Judul"),
    "caption": N_("Keterangan"),
    "credit": N_("Kredit"),
}


@dataclass(frozen=True)
class Labels:
    """Names of content paths in the reader's language, for the diff."""

    gettext: Callable[[str], str]

    def path(self, path: str) -> str:
        """A path's name within its section (the section's heading says the rest)."""
        rest = path.removeprefix("translations.en.")
        words = []
        if rest.startswith("media."):  # an item's English texts: "Media 12 · Judul"
            _media, media_id, name = rest.split(".", 2)
            return f"{self.gettext(N_('Media'))} {media_id} · {self.media_text(name)}"
        if rest.startswith("pillars."):
            _pillars, key, rest = rest.split(".", 2)
            if path.startswith("translations."):
                words.append(PILLAR_NAMES[key])
        return " · ".join([*words, self.gettext(PATH_LABELS.get(rest, rest))])

    def item_fields(self, list_path: str) -> Callable[[str], str]:
        """Names of the fields of one list's items."""
        kind = list_path.rsplit(".", 1)[-1]
        return lambda name: self.gettext(
            ROW_LABELS.get(kind, {}).get(name) or PATH_LABELS.get(name, name)
        )

    def media_text(self, name: str) -> str:
        return self.gettext(MEDIA_TEXT_LABELS[name])


# --- The queue -------------------------------------------------------------------------


def _groups(
    rows: list[QueueRow], my_halls: list[Hall], *, halls_first: bool
) -> list[tuple[str, list[QueueRow]]]:
    """(key, rows) to show under one heading each: the viewer's halls first, if any."""
    if not (my_halls and halls_first):
        return [("all", rows)]
    return [
        ("my_halls", [r for r in rows if r.in_my_halls]),
        ("other", [r for r in rows if not r.in_my_halls]),
    ]


def _queue_notice(session: Session, params: QueryParams) -> dict[str, Any] | None:
    """What the last action did, from `?decided=ID` or `?released=ID`."""
    for kind in ("decided", "released"):
        number = ascii_int(params.get(kind, ""))
        submission = find_submission(session, number) if number is not None else None
        if submission is not None:
            revision = session.get(BoothRevision, submission.revision_id)
            title = revision.content.get("title", "") if revision else ""
            return {"kind": kind, "submission": submission, "title": title}
    return None


@router.get("")
def queue(
    request: Request, reviewer: Reviewer, session: SessionDep, guestbook_pending: GuestbookWaiting
) -> Response:
    """Submissions to review, oldest first and the viewer's halls first; a plain GET form
    filters them (unknown filter values are ignored, as a hand-edited link may hold)."""
    params = request.query_params
    state: QueueFilter = next(
        (f for f in get_args(QueueFilter) if f == params.get("state")), "open"
    )
    halls = halls_in_order(session)
    hall = params.get("hall") if params.get("hall") in {h.slug for h in halls} else None
    mine = params.get("mine") == "1"
    rows = queue_rows(session, reviewer, mine=mine, hall=hall, state=state)
    decided_view = not set(FILTER_STATES[state]) <= set(OPEN_STATES)
    mine_ids = set(session.exec(select(UserHall.hall_id).where(UserHall.user_id == reviewer.id)))
    my_halls = [h for h in halls if h.id in mine_ids]
    context = {
        "groups": _groups(
            rows[:DECIDED_SHOWN] if decided_view else rows,
            my_halls,
            halls_first=not decided_view and hall is None,
        ),
        "total": len(rows),
        "decided_view": decided_view,
        "decided_shown": DECIDED_SHOWN,
        "halls": halls,
        "my_halls": my_halls,
        "filters": {"state": state, "hall": hall or "", "mine": mine},
        "filtered": mine or hall is not None or state != "open",
        "filter_labels": FILTER_LABELS,
        "notice": _queue_notice(session, params),
        "guestbook_pending": guestbook_pending,
    }
    return private_page(request, "moderation/queue.html", context)


# --- One submission --------------------------------------------------------------------


@dataclass
class DecisionForm:
    """The decision form as sent, and the messages beside its fields."""

    decision: str = ""
    reason: str = ""
    override: bool = False  # approve although blocking checks fail
    comments: dict[str, str] = field(default_factory=dict)  # section -> pinned comment
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message, translated

    @property
    def comments_open(self) -> bool:
        """Show the comment fields unfolded: some are filled in or refused."""
        return any(c.strip() for c in self.comments.values()) or any(
            name.startswith("comment-") for name in self.errors
        )

    @classmethod
    def of(cls, fields: dict[str, str]) -> "DecisionForm":
        return cls(
            decision=fields.get("decision", ""),
            reason=fields.get("reason", "").replace("\r\n", "\n"),
            override=fields.get("override") == "1",
            comments={s: fields.get(f"comment-{s}", "").replace("\r\n", "\n") for s in SECTIONS},
        )

    def checked(self, lang: str) -> Decision:
        """The API's request body from this form; Invalid, with `errors` filled, if not."""
        comments = [(s, body.strip()) for s, body in self.comments.items() if body.strip()]
        try:
            return Decision.model_validate(
                {
                    "decision": self.decision,
                    "reason": self.reason.strip() or None,
                    "comments": [{"section": s, "body": body} for s, body in comments],
                    "override": self.override,
                }
            )
        except ValidationError as error:
            for detail in error.errors():
                where = detail["loc"]
                name = (
                    f"comment-{comments[int(where[1])][0]}"
                    if where[0] == "comments"
                    else str(where[0])
                )
                message = (
                    N_("Terlalu panjang (maks. {max} karakter)")
                    if detail["type"] == "string_too_long"
                    else N_("Pilih salah satu keputusan.")
                )
                self.errors[name] = translate(lang, message, max=TEXT_LIMIT)
            raise Invalid("Periksa isian yang ditandai.") from None


def _review_page(
    request: Request,
    session: Session,
    submission: Submission,
    reviewer: User,
    *,
    form: DecisionForm | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> Response:
    """The review page: header, checks, diff, history and the actions the viewer may take."""
    found = load_review(session, submission)
    region = session.get(Region, found.booth.region_code)
    province = session.get(Province, region.province_code) if region else None
    people = emails_of(
        session, (submission.submitted_by_id, submission.claimed_by_id, submission.decided_by_id)
    )
    held_by_other = submission.claimed_by_id not in (None, reviewer.id)
    # Which comparison the diff shows: the live booth, or the revision last sent back.
    since_feedback = (
        request.query_params.get("compare") == "feedback" and found.diff_since_feedback is not None
    )
    context = {
        "diff": found.diff_since_feedback if since_feedback else found.diff,
        "since_feedback": since_feedback,
        "blocking": blocking(found.checks),
        "may_take_over": held_by_other and reviewer.role == "organizer",
        "review": found,
        "submission": submission,
        "region": region,
        "province": province,
        "hall": session.get(Hall, found.booth.hall_id) if found.booth.hall_id else None,
        "people": people,
        "is_open": submission.state in OPEN_STATES,
        "held_by_me": submission.claimed_by_id == reviewer.id,
        "held_by_other": held_by_other,
        "history": [h for h in submission_history(session, found.booth) if h.id != submission.id],
        "form": form or DecisionForm(),
        "problem": problem,
        "claimed": request.query_params.get("claimed") == "1",
        "sections": [key for key in DIFF_SECTIONS if key in SECTIONS],  # in page order
        "diff_section_labels": DIFF_SECTION_LABELS,
        "decision_labels": DECISION_LABELS,
        "labels": Labels(translations(negotiate_language(request)).gettext),
    }
    return private_page(request, "moderation/review.html", context, status_code=status_code)


@router.get("/submissions/{submission_id}")
def review(
    request: Request, submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> Response:
    return _review_page(request, session, submission, reviewer)


@router.get("/submissions/{submission_id}/preview")
def preview(request: Request, submission: ReviewedSubmission, session: SessionDep) -> Response:
    """The submitted revision rendered exactly as the public booth would show it."""
    found = load_review(session, submission)
    page = revision_page(session, found.booth, found.revision, negotiate_language(request))
    return private_page(
        request, "moderation/preview.html", {"booth": page, "submission": submission}
    )


def _act(
    request: Request,
    session: Session,
    submission: Submission,
    reviewer: User,
    change: Callable[[], object],
    done: str,
    form: DecisionForm | None = None,
) -> Response:
    """Make a state change and go to `done`; if refused, the review page again says why:
    beside the form's fields when they were to blame, else at the top."""
    try:
        change()
    except DomainError as error:
        status, message = refusal(request, session, error)
        problem = None if form and form.errors else message
        return _review_page(
            request, session, submission, reviewer, form=form, problem=problem, status_code=status
        )
    return RedirectResponse(done, status_code=303)


@router.post("/submissions/{submission_id}/claim", dependencies=[FormCsrf])
def claim(
    request: Request, submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> Response:
    return _act(
        request,
        session,
        submission,
        reviewer,
        lambda: claim_submission(session, submission, actor=reviewer),
        f"/moderation/submissions/{submission.id}?claimed=1",
    )


@router.post("/submissions/{submission_id}/take-over", dependencies=[FormCsrf])
def take_over(
    request: Request, submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> Response:
    return _act(
        request,
        session,
        submission,
        reviewer,
        lambda: take_over_submission(session, submission, actor=reviewer),
        f"/moderation/submissions/{submission.id}?claimed=1",
    )


@router.post("/submissions/{submission_id}/release", dependencies=[FormCsrf])
def release(
    request: Request, submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> Response:
    return _act(
        request,
        session,
        submission,
        reviewer,
        lambda: release_submission(session, submission, actor=reviewer),
        f"/moderation?released={submission.id}",
    )


@router.post("/submissions/{submission_id}/decision", dependencies=[FormCsrf])
def decide(
    request: Request,
    submission: ReviewedSubmission,
    reviewer: Reviewer,
    session: SessionDep,
    fields: SubmittedFields,
) -> Response:
    """The form is checked as the API checks its body and decided through the same
    service call; then back to the queue, or 422 with the messages beside the fields."""
    form = DecisionForm.of(fields)

    def change() -> None:
        decision = form.checked(negotiate_language(request))
        try:
            decide_submission(session, submission, decision, actor=reviewer)
        except BlockingChecks as error:
            form.errors["override"] = error_message(request, error)
            raise
        except Invalid as error:
            # Sections come from a fixed list and blank comments are dropped: what the
            # service can still refuse is a missing reason.
            form.errors["reason"] = error_message(request, error)
            raise

    return _act(
        request, session, submission, reviewer, change, f"/moderation?decided={submission.id}", form
    )
