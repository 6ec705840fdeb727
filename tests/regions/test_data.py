from pathlib import Path

from sqlmodel import Session, func, select

from app.regions.data_files import read_provinces, read_regions
from app.regions.geo import load_map, project
from app.regions.models import Province, Region


def test_the_official_list_ships_whole() -> None:
    provinces, regions = read_provinces(), read_regions()
    assert len(provinces) == 38 and len(regions) == 514
    assert {r["province_code"] for r in regions} <= {p["code"] for p in provinces}
    kinds = {r["code"]: r["kind"] for r in regions}
    assert kinds["12.12"] == "kabupaten" and kinds["71.72"] == "kota"
    assert all((int(code[3:]) >= 71) == (kind == "kota") for code, kind in kinds.items())


def test_migration_loads_every_region(session: Session) -> None:
    assert session.exec(select(func.count()).select_from(Province)).one() == 38
    assert session.exec(select(func.count()).select_from(Region)).one() == 514
    region = session.get(Region, "11.01")
    assert region is not None and region.name == "Kabupaten Aceh Selatan"
    assert not region.participating


def test_attribution_ships_with_the_data() -> None:
    import app.regions

    text = (Path(app.regions.__file__).parent / "data" / "ATTRIBUTION.md").read_text()
    assert "ODbL" in text and "Natural Earth" in text


def test_map_projection_places_cities_inside_the_map() -> None:
    width, height = (float(v) for v in load_map()["viewBox"].split()[2:])
    for lat, lon in [(-6.2, 106.8), (3.6, 98.7), (-2.5, 140.7), (5.9, 95.3)]:
        x, y = project(lat, lon)
        assert 0 <= x <= width and 0 <= y <= height
    assert project(-6.2, 106.8)[0] < project(-2.5, 140.7)[0]  # Jakarta west of Jayapura
