"""An example partner (inactive) and the responsible-gambling notices for FR and GB.

The partner is an EXAMPLE of a PMU-style deep link: it is created inactive and shown in
France only once an operator with a contract with PMU activates it in the admin
(and replaces its postback secret with the one agreed with the partner).
"""

import secrets

from django.db import migrations

EXAMPLE_PARTNER = {
    "slug": "pmu-example",
    "name": "PMU (example)",
    "active": False,
    "priority": 100,
    "url_template": (
        "https://www.pmu.fr/turf/{date_pmu}/R{meeting}/C{race}?bet={bet_kind}&runner={runner}"
    ),
    "bet_kind_codes": {"win": "E_SIMPLE_GAGNANT", "place": "E_SIMPLE_PLACE"},
    "campaign_params": {
        "utm_source": "paddock",
        "utm_medium": "game",
        "utm_campaign": "round-{round_id}",
        "utm_content": "{page}-{bet_kind}",
        "paddock_click": "{click_id}",
    },
    "countries": ["FR"],
    "minimum_age": 18,
    "minimum_age_by_country": {},
}

NOTICES = [
    {
        "country": "FR",
        "text_fr": (
            "Jouer comporte des risques : endettement, isolement, dépendance. Pour être aidé, "
            "appelez le 09 74 75 13 13 (appel non surtaxé). Les paris sont interdits aux "
            "mineurs."
        ),
        "text_en": (
            "Gambling involves risks: debt, isolation, addiction. For help, call "
            "09 74 75 13 13 (Joueurs Info Service, standard rate). Betting is forbidden to "
            "minors."
        ),
        "helpline_name": "Joueurs Info Service",
        "helpline_url": "https://www.joueurs-info-service.fr/",
        "helpline_phone": "09 74 75 13 13",
    },
    {
        "country": "GB",
        "text_fr": (
            "Le jeu peut créer une dépendance. Fixez-vous des limites et ne misez que ce que "
            "vous pouvez vous permettre de perdre. Aide gratuite et confidentielle : GamCare, "
            "0808 8020 133, BeGambleAware.org. 18+."
        ),
        "text_en": (
            "Gambling can be addictive. Set limits and only bet what you can afford to lose. "
            "Free, confidential support: the National Gambling Helpline (GamCare) on "
            "0808 8020 133, or BeGambleAware.org. 18+."
        ),
        "helpline_name": "GamCare / BeGambleAware",
        "helpline_url": "https://www.begambleaware.org/",
        "helpline_phone": "0808 8020 133",
    },
]


def create(apps, schema_editor):
    partner_model = apps.get_model("handoff", "BettingPartner")
    notice_model = apps.get_model("handoff", "ResponsibleGamblingNotice")
    partner_model.objects.get_or_create(
        slug=EXAMPLE_PARTNER["slug"],
        defaults={
            **{k: v for k, v in EXAMPLE_PARTNER.items() if k != "slug"},
            "postback_secret": secrets.token_hex(32),
        },
    )
    for notice in NOTICES:
        notice_model.objects.get_or_create(
            country=notice["country"], defaults={k: v for k, v in notice.items() if k != "country"}
        )


def remove(apps, schema_editor):
    apps.get_model("handoff", "BettingPartner").objects.filter(
        slug=EXAMPLE_PARTNER["slug"]
    ).delete()
    apps.get_model("handoff", "ResponsibleGamblingNotice").objects.filter(
        country__in=[n["country"] for n in NOTICES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("handoff", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
