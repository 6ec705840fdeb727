from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.core.i18n import N_
from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=40, index=True)
    booth_id: int | None = Field(default=None, foreign_key="booth.id", index=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# Every action recorded anywhere (tests/audit checks the code base against it).
# Indonesian msgids, translated where shown.
ACTION_LABELS = {
    "draft.saved": N_("Draf disimpan"),
    "submission.submitted": N_("Draf diajukan"),
    "submission.released": N_("Klaim tinjauan dilepas"),
    "submission.in_review": N_("Pengajuan diklaim untuk ditinjau"),
    "submission.approved": N_("Pengajuan disetujui"),
    "submission.changes_requested": N_("Perbaikan diminta"),
    "submission.rejected": N_("Pengajuan ditolak"),
    "booth.published": N_("Revisi ditayangkan"),
    "booth.reverted": N_("Revisi lama ditayangkan kembali"),
    "booth.unpublished": N_("Anjungan diturunkan dari pameran"),
    "guestbook.approved": N_("Pesan buku tamu disetujui"),
    "guestbook.hidden": N_("Pesan buku tamu disembunyikan"),
    "exhibition.times": N_("Jadwal pameran diubah"),
    "exhibition.organizing_body": N_("Nama penyelenggara diubah"),
    "region.participation": N_("Kepesertaan atau aula wilayah diubah"),
    "region.cohort": N_("Angkatan atau bimbingan teknis wilayah diubah"),
    "regions.imported": N_("Peserta diimpor dari berkas CSV"),
    "campaign.reminded": N_("Pengingat dikirim ke wilayah"),
    "user.created": N_("Pengguna dibuat"),
    "user.password_set": N_("Kata sandi ditetapkan"),
    "user.updated": N_("Peran atau wilayah pengguna diubah"),
    "user.deactivated": N_("Pengguna dinonaktifkan"),
    "user.reactivated": N_("Pengguna diaktifkan kembali"),
    "user.invitation_resent": N_("Undangan dikirim ulang"),
    "user.reset_started": N_("Atur ulang kata sandi dimulai oleh penyelenggara"),
    "submission.taken_over": N_("Klaim tinjauan diambil alih"),
    "submission.checks_overridden": N_("Pemeriksaan wajib dilewati dengan alasan"),
    "media.deleted": N_("Media dihapus dari pustaka"),
    "hall.created": N_("Aula dibuat"),
    "hall.updated": N_("Aula diubah"),
    "halls.ordered": N_("Urutan aula diubah"),
    "lobby.updated": N_("Lobi diubah"),
}
# The keys of AuditEvent.data, as the audit log page names them.
DETAIL_LABELS = {
    "revision": N_("Revisi"),
    "source": N_("Sumber"),
    "reason": N_("Alasan"),
    "submission": N_("Pengajuan"),
    "entry": N_("Pesan"),
    "previous": N_("Sebelumnya"),
    "email": N_("E-mail"),
    "role": N_("Peran"),
    "opening_at": N_("Pembukaan"),
    "freeze_at": N_("Pembekuan"),
    "name": N_("Nama"),
    "name_en": N_("Nama (Inggris)"),
    "region": N_("Wilayah"),
    "regions": N_("Wilayah"),
    "before": N_("Sebelum"),
    "after": N_("Sesudah"),
    "halls": N_("Aula"),
    "checks": N_("Pemeriksaan"),
    "media": N_("Media"),
    "kind": N_("Jenis"),
    "changes": N_("Perubahan"),
    "lines": N_("Baris"),
}
