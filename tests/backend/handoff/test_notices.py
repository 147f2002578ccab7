"""The responsible-gambling notices, pinned to the letter, each with its source."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from backend.handoff.models import ResponsibleGamblingNotice

# The mandatory message since the arrêté du 29 juillet 2022 (ANJ), exactly: the
# apostrophe is U+0027, the ellipsis is one character (U+2026), spaces are plain spaces.
FR_NOTICE = (
    "Les jeux d'argent et de hasard peuvent être dangereux : pertes d'argent, conflits "
    "familiaux, addiction\u2026 Retrouvez nos conseils sur joueurs-info-service.fr "
    "(09 74 75 13 13 - appel non surtaxé)"
)
GB_NOTICE_EN = (
    "18+. Gambling can be addictive: set limits and only bet what you can afford to lose. "
    "For free, confidential help, call the National Gambling Helpline on 0808 8020 133 or "
    "visit begambleaware.org."
)
GB_NOTICE_FR = (
    "18+. Le jeu peut créer une dépendance : fixez-vous des limites et ne misez que ce que "
    "vous pouvez vous permettre de perdre. Aide gratuite et confidentielle : National "
    "Gambling Helpline au 0808 8020 133 ou begambleaware.org."
)


def test_france_shows_the_mandatory_message_letter_for_letter(db: Any) -> None:
    fr = ResponsibleGamblingNotice.objects.get(country="FR")
    assert fr.text_fr == FR_NOTICE
    assert fr.text_en == FR_NOTICE  # its words are fixed: shown in French to every reader
    assert "\u2026" in fr.text_fr
    assert "..." not in fr.text_fr
    assert "\u00a0" not in fr.text_fr
    assert "\u202f" not in fr.text_fr
    assert len(FR_NOTICE) == 191
    assert fr.source.startswith("Arrêté du 29 juillet 2022")
    assert "ANJ" in fr.source
    assert fr.source_url == "https://anj.fr/"
    assert (fr.helpline_name, fr.helpline_phone) == ("Joueurs Info Service", "09 74 75 13 13")


def test_britain_shows_the_safer_gambling_message_with_the_national_helpline(db: Any) -> None:
    gb = ResponsibleGamblingNotice.objects.get(country="GB")
    assert gb.text_en == GB_NOTICE_EN
    assert gb.text_fr == GB_NOTICE_FR
    assert gb.helpline_phone == "0808 8020 133"
    assert gb.helpline_url == "https://www.begambleaware.org/"
    assert "CAP Code" in gb.source
    assert "GambleAware" in gb.source
    assert gb.source_url.startswith("https://www.asa.org.uk/")


def test_every_notice_names_its_source(db: Any) -> None:
    assert not ResponsibleGamblingNotice.objects.filter(source="").exists()
    assert not ResponsibleGamblingNotice.objects.filter(source_url="").exists()


@pytest.mark.parametrize("country", ["UK", "XX", "fr"])
def test_a_notice_is_for_a_country_iso_3166_knows(db: Any, country: str) -> None:
    """The notice of "UK" would reach no one: players declare GB, from the same list."""
    notice = ResponsibleGamblingNotice(
        country=country, text_en="Gamble responsibly.", helpline_name="Help", helpline_phone="1"
    )
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert "country" in refused.value.message_dict
