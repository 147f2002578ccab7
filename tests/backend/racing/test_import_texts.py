"""Texts from a feed or a file fit the columns that store them: what the importers refuse
as too long is exactly what a column could not hold, and a card whose text no column
could store is refused at its preview, before anything is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.racing.models import Meeting, Race, Runner
from importers import model

pytestmark = pytest.mark.django_db

HEADER = "date,meeting,racecourse,race,race_name,post_time,number,horse,jockey"
ROW = "2026-11-29,1,VINCENNES,4,PRIX DU TEST,2026-11-29T15:15:00+01:00"


def test_the_importers_limits_are_the_columns_lengths() -> None:
    def longest(model_class: Any, name: str) -> int:
        return int(model_class._meta.get_field(name).max_length)

    assert (
        longest(Meeting, "racecourse"),
        longest(Meeting, "country"),
    ) == (model.RACECOURSE_MAX, model.COUNTRY_MAX)
    assert (
        longest(Race, "name"),
        longest(Race, "discipline"),
    ) == (model.RACE_NAME_MAX, model.DISCIPLINE_MAX)
    assert {model.PERSON_MAX} == {longest(Runner, f) for f in ("name", "jockey", "trainer")}
    assert longest(Runner, "coupled") == model.COUPLED_MAX


def _preview(client: Any, *rows: str) -> Any:
    text = "\n".join([HEADER, *rows]) + "\n"
    upload = SimpleUploadedFile("card.csv", text.encode(), content_type="text/csv")
    return client.post(
        "/api/v1/operator/imports/preview/",
        {"kind": "card", "source": "csv", "day": "2026-11-29", "file": upload},
        format="multipart",
    )


@pytest.mark.parametrize("horse", ["G" * 121, "GOLDEN\x00TIDE"])
def test_a_card_no_column_could_store_is_refused_at_its_preview(
    operator: Any, api_as: Any, horse: str
) -> None:
    refused = _preview(api_as(operator), f"{ROW},1,{horse},M. Barzalona")

    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_file"
    assert "line 2, field 'horse'" in refused.json()["detail"]
    assert not Runner.objects.exists()


def test_a_name_on_two_lines_is_stored_on_one(operator: Any, api_as: Any) -> None:
    client = api_as(operator)
    shown = _preview(client, f'{ROW},1,"GOLDEN\nTIDE",M.\tBarzalona')
    assert shown.status_code == 200, shown.json()

    applied = client.post(
        "/api/v1/operator/imports/apply/", {"token": shown.json()["token"]}, format="json"
    )

    assert applied.status_code == 201, applied.json()
    assert list(Runner.objects.values_list("name", "jockey")) == [("GOLDEN TIDE", "M. Barzalona")]
