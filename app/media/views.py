"""Media as templates and the API show them: URLs, srcsets, download names."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.media.embeds import parse_video_link
from app.media.models import MediaAsset, MediaFile


def media_url(media_id: int, sha256: str, extension: str) -> str:
    """Content-addressed, so the URL changes whenever the bytes do; it names its asset,
    whose visibility and download name it is served with (app.booths.serving)."""
    return f"/media/{media_id}/{sha256}.{extension}"


def main_url(asset: MediaAsset) -> str:
    """The URL of an asset's main file (an image's largest JPEG)."""
    if asset.kind == "embed":
        return asset.embed_url or ""
    extension = {"image/jpeg": "jpg", "image/webp": "webp", "application/pdf": "pdf"}.get(
        asset.content_type, asset.content_type.rsplit("/", 1)[-1]
    )
    return media_url(asset.id or 0, asset.sha256, "jpg" if asset.kind == "image" else extension)


@dataclass(frozen=True)
class ImageView:
    id: int
    src: str  # largest JPEG, the fallback for old browsers
    full: str  # largest WebP, opened in the lightbox
    srcset_webp: str
    srcset_jpeg: str
    width: int
    height: int
    alt: str
    title: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class DocumentView:
    id: int
    url: str
    filename: str
    size: int
    page_count: int | None
    title: str
    caption: str
    preview: str | None = None


@dataclass(frozen=True)
class VideoView:
    id: int
    title: str
    caption: str
    url: str | None = None  # a stored file
    content_type: str | None = None
    provider: str | None = None  # youtube or vimeo, shown behind a facade
    watch_url: str | None = None
    embed_url: str | None = None


@dataclass
class MediaSet:
    assets: dict[int, MediaAsset] = field(default_factory=dict)
    files: dict[int, list[MediaFile]] = field(default_factory=lambda: defaultdict(list))
    # media id → texts shown instead of the item's own (a translation), by field name
    texts: dict[int, dict[str, str]] = field(default_factory=dict)

    def _text(self, asset: MediaAsset, name: str) -> str:
        return self.texts.get(asset.id or 0, {}).get(name) or getattr(asset, name)

    def image(self, media_id: int | None) -> ImageView | None:
        asset = self.assets.get(media_id or 0)
        if asset is None or asset.kind != "image":
            return None
        asset_id = asset.id or 0
        renditions = sorted(self.files[asset_id], key=lambda f: f.width or 0)
        webp = [f for f in renditions if f.extension == "webp"]
        jpeg = [f for f in renditions if f.extension == "jpg"]
        if not webp or not jpeg:
            return None

        def srcset(files: list[MediaFile]) -> str:
            return ", ".join(
                f"{media_url(asset_id, f.sha256, f.extension)} {f.width}w" for f in files
            )

        return ImageView(
            id=asset_id,
            src=media_url(asset_id, jpeg[-1].sha256, "jpg"),
            full=media_url(asset_id, webp[-1].sha256, "webp"),
            srcset_webp=srcset(webp),
            srcset_jpeg=srcset(jpeg),
            width=jpeg[-1].width or 0,
            height=jpeg[-1].height or 0,
            alt=self._text(asset, "alt_text"),
            title=self._text(asset, "title"),
            caption=self._text(asset, "caption"),
            credit=asset.credit,
        )

    def document(self, media_id: int) -> DocumentView | None:
        asset = self.assets.get(media_id)
        if asset is None or asset.kind != "document":
            return None
        preview = next((f for f in self.files[media_id] if f.role == "preview"), None)
        return DocumentView(
            id=media_id,
            url=media_url(media_id, asset.sha256, "pdf"),
            filename=asset.filename,
            size=asset.size,
            page_count=asset.page_count,
            title=self._text(asset, "title") or asset.filename,
            caption=self._text(asset, "caption"),
            preview=media_url(media_id, preview.sha256, preview.extension) if preview else None,
        )

    def video(self, media_id: int) -> VideoView | None:
        asset = self.assets.get(media_id)
        if asset is None:
            return None
        if asset.kind == "embed" and asset.embed_url:
            link = parse_video_link(asset.embed_url)
            return VideoView(
                id=media_id,
                title=self._text(asset, "title"),
                caption=self._text(asset, "caption"),
                provider=link.provider,
                watch_url=link.watch_url,
                embed_url=link.embed_url,
            )
        if asset.kind == "video":
            extension = asset.content_type.rsplit("/", 1)[-1]
            return VideoView(
                id=media_id,
                title=self._text(asset, "title") or asset.filename,
                caption=self._text(asset, "caption"),
                url=media_url(media_id, asset.sha256, extension),
                content_type=asset.content_type,
            )
        return None


def load_media(session: Session, ids: list[int]) -> MediaSet:
    """The assets and their files in two queries, however many there are."""
    media = MediaSet()
    if not ids:
        return media
    for asset in session.exec(select(MediaAsset).where(col(MediaAsset.id).in_(ids))).all():
        media.assets[asset.id or 0] = asset
    for media_file in session.exec(select(MediaFile).where(col(MediaFile.media_id).in_(ids))).all():
        media.files[media_file.media_id].append(media_file)
    return media
