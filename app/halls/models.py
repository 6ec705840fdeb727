from sqlmodel import Field

from app.core.modelbase import SQLModel


class Hall(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=120)
    description: str = Field(default="", max_length=2000)
    description_en: str = Field(default="", max_length=2000)
    position: int = Field(default=0, index=True)
