"""Orders sent by organizers (halls, a hall's booths, featured booths): checked whole."""

from collections import Counter
from collections.abc import Iterable, Sequence

from app.core.errors import Invalid


def check_distinct(order: Sequence[str]) -> None:
    """Refuse (422) an order that names something twice."""
    twice = sorted(name for name, count in Counter(order).items() if count > 1)
    if twice:
        raise Invalid("Urutan menyebut {names} lebih dari sekali.", names=", ".join(twice))


def check_permutation(order: Sequence[str], existing: Iterable[str]) -> None:
    """Refuse (422) an order that is not exactly `existing`, each once.

    Run inside the write transaction, this is what keeps racing reorders whole: an
    order built from a list that has changed since names too much or too little.
    """
    check_distinct(order)
    known = set(existing)
    if unknown := [name for name in order if name not in known]:
        raise Invalid(
            "Urutan menyebut yang tidak ada di sini: {names}. Muat ulang daftarnya lalu coba lagi.",
            names=", ".join(unknown),
        )
    if missing := sorted(known - set(order)):
        raise Invalid(
            "Urutan harus memuat semuanya; yang terlewat: {names}. Muat ulang daftarnya "
            "lalu coba lagi.",
            names=", ".join(missing),
        )


def move_one(order: Sequence[str], name: str, step: int) -> list[str]:
    """`order` with `name` moved `step` places (-1: up, 1: down), kept inside the list;
    unchanged when `name` is not in it (the whole order is checked afterwards)."""
    moved = list(order)
    if name not in moved:
        return moved
    start = moved.index(name)
    moved.insert(max(0, min(len(moved) - 1, start + step)), moved.pop(start))
    return moved
