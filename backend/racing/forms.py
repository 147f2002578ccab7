"""The admin's import form, and the signed token that carries an upload from preview to apply."""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .feeds import CSV, PMU
from .models import ImportRun, Race

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
TOKEN_SALT = "backend.racing.admin.import"  # noqa: S105 - a namespace, not a secret
TOKEN_MAX_AGE = 60 * 60  # seconds an operator has between the preview and "Apply"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportRun.Kind.choices, initial=ImportRun.Kind.CARD)
    source = forms.ChoiceField(choices=ImportRun.Source.choices, initial=PMU)
    day = forms.DateField(
        required=False,
        label="Date",
        help_text="Card: the day of the card. Results: the race's day when it is given as R1C3.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    race = forms.CharField(
        required=False,
        max_length=20,
        help_text="Results: the race id or its code (R1C3). A CSV names its own race.",
    )
    file = forms.FileField(
        help_text="Card: a PMU programme JSON or a Paddock CSV card. "
        "Results: a PMU participants JSON or a Paddock CSV with the result."
    )
    participants = MultipleFileField(
        required=False,
        label="PMU participants",
        help_text="Card (PMU): the races' participants files, each named after its race "
        "(participants_R1_C3.json).",
    )
    rapports = forms.FileField(
        required=False,
        label="PMU rapports-definitifs",
        help_text="Results (PMU): the race's rapports-definitifs (none: provisional arrival).",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, source = data.get("kind"), data.get("source")
        if kind == ImportRun.Kind.CARD:
            if not data.get("day"):
                self.add_error("day", _("A card import needs its date."))
            if data.get("rapports"):
                self.add_error("rapports", _("Rapports go with a results import."))
        if kind == ImportRun.Kind.RESULTS:
            if not data.get("race") and source != CSV:
                self.add_error("race", _("Name the race (its id or R1C3 with the date)."))
            if data.get("participants"):
                self.add_error("participants", _("Participants files go with a PMU card import."))
        if source == CSV and (data.get("participants") or data.get("rapports")):
            self.add_error("source", _("A Paddock CSV holds everything: give only the file."))
        for name in ("file", "rapports"):
            upload = data.get(name)
            if isinstance(upload, UploadedFile) and (upload.size or 0) > MAX_UPLOAD_BYTES:
                self.add_error(
                    name,
                    _("Files are limited to %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20},
                )
        for upload in data.get("participants") or []:
            if (upload.size or 0) > MAX_UPLOAD_BYTES:
                self.add_error(
                    "participants", _("%(name)s is over the size limit.") % {"name": upload.name}
                )
        return data


@dataclass(frozen=True)
class Upload:
    """What an operator uploaded: kept between preview and apply as a signed token."""

    kind: str
    source: str
    user_id: int
    day: dt.date | None
    race: str
    main: tuple[str, bytes]
    rapports: tuple[str, bytes] | None = None
    participants: dict[str, bytes] = field(default_factory=dict)
    # A result's race as the preview saw it (`result_state`): applying refuses when another
    # result was stored since (two tabs, two operators), rather than undo it unseen.
    race_state: str | None = None

    @classmethod
    def from_form(cls, form: ImportUploadForm, *, user_id: int) -> Upload:
        data = form.cleaned_data

        def read(upload: UploadedFile) -> tuple[str, bytes]:
            return (upload.name or "upload", upload.read())

        return cls(
            kind=data["kind"],
            source=data["source"],
            user_id=user_id,
            day=data.get("day"),
            race=(data.get("race") or "").strip(),
            main=read(data["file"]),
            rapports=read(data["rapports"]) if data.get("rapports") else None,
            participants=dict(read(u) for u in data.get("participants") or []),
        )

    @property
    def file_names(self) -> str:
        names = [self.main[0], *sorted(self.participants)]
        if self.rapports:
            names.append(self.rapports[0])
        return ", ".join(names)

    def sign(self, race: Race | None = None) -> str:
        """A tamper-proof token holding the upload (compressed), valid TOKEN_MAX_AGE seconds;
        for a result previewed on `race`, with the race's result as it stood."""
        state = None
        if race is not None and self.kind == ImportRun.Kind.RESULTS:
            state = race.result_state

        def pack(content: bytes) -> str:
            return base64.b64encode(zlib.compress(content, 6)).decode("ascii")

        payload = {
            "kind": self.kind,
            "source": self.source,
            "user": self.user_id,
            "day": self.day.isoformat() if self.day else None,
            "race": self.race,
            "main": [self.main[0], pack(self.main[1])],
            "rapports": [self.rapports[0], pack(self.rapports[1])] if self.rapports else None,
            "participants": {name: pack(raw) for name, raw in self.participants.items()},
            "state": state,
        }
        return signing.dumps(payload, salt=TOKEN_SALT)

    @classmethod
    def unsign(cls, token: str, *, user_id: int) -> Upload:
        """The upload behind a token; signing.BadSignature when forged, expired or not ours."""
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        if payload.get("user") != user_id:
            raise signing.BadSignature("This upload was previewed by another operator.")

        def unpack(text: str) -> bytes:
            return zlib.decompress(base64.b64decode(text))

        rapports = payload.get("rapports")
        return cls(
            kind=payload["kind"],
            source=payload["source"],
            user_id=user_id,
            day=dt.date.fromisoformat(payload["day"]) if payload.get("day") else None,
            race=payload.get("race") or "",
            main=(payload["main"][0], unpack(payload["main"][1])),
            rapports=(rapports[0], unpack(rapports[1])) if rapports else None,
            participants={
                name: unpack(text) for name, text in (payload.get("participants") or {}).items()
            },
            race_state=payload.get("state"),
        )
