"""Imports from files, as in the admin: upload, read the preview (with what a result would
do to the game), then apply from the preview's token.

The preview is the one view of the API that reads multipart/form-data (files); its
`parser_classes` say so. The apply, like everything else, reads JSON.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.inputs import JsonInput, valid
from backend.common.openapi import error_responses
from backend.common.permissions import IsOperator
from backend.game.apis.operator import OPERATOR_403
from backend.ops import services
from backend.racing.feeds import SOURCES
from backend.racing.forms import ImportUploadForm, Upload
from backend.racing.models import ImportRun, Race
from backend.racing.services import ImportSummary
from backend.racing.services.summary import REMOVED, UPDATED


class ImportUploadInput(serializers.Serializer[Any]):
    """The files (multipart/form-data), read by the admin's upload form: the same rules."""

    kind = serializers.ChoiceField(choices=ImportRun.Kind.choices)
    source = serializers.ChoiceField(choices=SOURCES)  # type: ignore[assignment]
    day = serializers.DateField(required=False, help_text="A card's day; a result's, with R1C3.")
    race = serializers.CharField(required=False, max_length=20, help_text="Results: id or R1C3.")
    file = serializers.FileField(help_text="PMU programme or participants JSON, or a CSV.")
    participants = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Card: participants_R1_C3.json"
    )
    rapports = serializers.FileField(required=False, help_text="Results: rapports-definitifs.")


class ImportApplyInput(JsonInput):
    token = serializers.CharField(max_length=10_000_000)
    confirm_reinstatement = serializers.BooleanField(default=False)


class ImportRaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    date = serializers.DateField(source="meeting.date")
    status = serializers.ChoiceField(choices=Race.Status.choices)
    result_version = serializers.IntegerField()


class CountsOutput(serializers.Serializer[Any]):
    entity = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField()


class MoveOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    name = serializers.CharField()
    before = serializers.IntegerField(help_text="Round points, cents.")
    after = serializers.IntegerField()
    delta = serializers.IntegerField()


class TopOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    name = serializers.CharField()
    points = serializers.IntegerField()


class ImpactOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField(source="round_id")
    number = serializers.IntegerField()
    settled = serializers.BooleanField(help_text="Scores exist already: this is a correction.")
    scored = serializers.BooleanField(help_text="The result can be scored now.")
    reason = serializers.CharField(help_text="Why it cannot be scored yet.")
    picks = serializers.IntegerField()
    moved = serializers.IntegerField(help_text="Players whose round points change.")
    biggest = MoveOutput(many=True)
    top_before = TopOutput(many=True)
    top_after = TopOutput(many=True)


class SummaryOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ImportRun.Kind.choices)
    source = serializers.CharField()  # type: ignore[assignment]
    files = serializers.CharField()
    race = ImportRaceOutput(allow_null=True)
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField(help_text="Rows deleted: dividends a result dropped.")
    table = CountsOutput(many=True)
    changes = serializers.ListField(
        child=serializers.CharField(), help_text="Updated and removed rows."
    )
    non_runners_added = serializers.ListField(child=serializers.CharField())
    reinstated = serializers.ListField(
        child=serializers.CharField(), help_text="Applied only with confirm_reinstatement."
    )
    warnings = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    text = serializers.CharField(help_text="What the import does, in words.")


class ImportPreviewOutput(SummaryOutput):
    token = serializers.CharField(help_text="Give it to the apply within the hour.")
    impact = ImpactOutput(many=True, help_text="Results: what the result does to each round.")


class ImportAppliedOutput(SummaryOutput):
    run = serializers.IntegerField(help_text="The import run logged.")


def _summary(upload: Upload, summary: ImportSummary, race: Race | None) -> dict[str, Any]:
    return {
        "kind": upload.kind,
        "source": upload.source,
        "files": upload.file_names,
        "race": race,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "removed": summary.removed,
        "table": summary.table(),
        "changes": [c.describe() for c in summary.changes if c.action in {UPDATED, REMOVED}],
        "non_runners_added": summary.non_runners_added,
        "reinstated": summary.reinstated,
        "warnings": summary.warnings,
        "notes": summary.notes,
        "text": summary.describe(),
    }


def _upload(request: Request) -> Upload:
    """The multipart body through the admin's form: 400 naming each field it refuses."""
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise serializers.ValidationError(
            {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        )
    return Upload.from_form(form, user_id=int(request.user.pk or 0))


class ImportPreviewApi(APIView):
    """What the files would change; nothing is written. Results also show, per round on
    the race, the players whose points would move, the biggest moves and the new top 10."""

    permission_classes = (IsOperator,)
    parser_classes = (MultiPartParser,)  # the one upload of the API: files, not JSON

    @extend_schema(
        request={"multipart/form-data": ImportUploadInput},
        responses={
            200: ImportPreviewOutput,
            **error_responses(
                s400="A field is missing or wrong, or a file is refused: `detail` names the "
                "file, the race and the field.",
                s404="No such race.",
                s409="The race's state refuses the result: a round still takes picks "
                "(`round_not_locked`).",
                s415="The body is not multipart/form-data.",
                **OPERATOR_403,
            ),
        },
        operation_id="operator_import_preview",
    )
    def post(self, request: Request) -> Response:
        preview = services.import_preview(_upload(request))
        out = _summary(preview.upload, preview.summary, preview.race)
        out.update(token=preview.token, impact=preview.impact)
        return Response(ImportPreviewOutput(out).data)


class ImportApplyApi(APIView):
    """Apply a preview: one transaction, logged as an import run (a refusal writes nothing
    but the failed run)."""

    permission_classes = (IsOperator,)

    @extend_schema(
        request=ImportApplyInput,
        responses={
            201: ImportAppliedOutput,
            **error_responses(
                s400="The token expired or was altered, or the files are refused (as in the "
                "preview; a reinstatement needs confirm_reinstatement).",
                s404="No such race.",
                s409="Another result was stored since the preview (`preview_stale`: preview "
                "again), or a round still takes picks (`round_not_locked`).",
                **OPERATOR_403,
            ),
        },
        operation_id="operator_import_apply",
    )
    def post(self, request: Request) -> Response:
        data = valid(ImportApplyInput, request.data)
        applied = services.import_apply(
            token=data["token"],
            operator=request.user,  # type: ignore[arg-type]
            confirm_reinstatement=data["confirm_reinstatement"],
        )
        out = {**_summary(applied.upload, applied.summary, applied.race), "run": applied.run.pk}
        return Response(ImportAppliedOutput(out).data, status=status.HTTP_201_CREATED)
