from sqlmodel import Session

from app.halls.defaults import DEFAULT_HALLS
from app.halls.service import halls_in_order, seed_default_halls


def test_default_halls_in_order_with_english_descriptions(session: Session) -> None:
    halls = halls_in_order(session)
    assert [h.slug for h in halls] == [slug for slug, _name, _province in DEFAULT_HALLS]
    assert halls[0].name == "Danau Toba" and "Sumatera Utara" in halls[0].description
    assert "Priority tourism destination" in halls[0].description_en
    assert seed_default_halls(session) == 0  # never twice
