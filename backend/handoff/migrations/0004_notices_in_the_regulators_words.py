"""The responsible-gambling notices in force, each with the text its wording comes from.

France: since the arrêté du 29 juillet 2022 the mandatory warning is one fixed sentence; it
is shown as is, in French, whatever the reader's language. Great Britain has no single
mandated sentence: the wording below is Paddock's, following the advertising codes' safer
gambling rules, with the national helpline.
"""

from django.db import migrations

FR_TEXT = (
    "Les jeux d'argent et de hasard peuvent être dangereux : pertes d'argent, conflits "
    "familiaux, addiction… Retrouvez nos conseils sur joueurs-info-service.fr "
    "(09 74 75 13 13 - appel non surtaxé)"
)

NOTICES = [
    {
        "country": "FR",
        "text_fr": FR_TEXT,
        "text_en": FR_TEXT,
        "helpline_name": "Joueurs Info Service",
        "helpline_url": "https://www.joueurs-info-service.fr/",
        "helpline_phone": "09 74 75 13 13",
        "source": (
            "Arrêté du 29 juillet 2022 (message de mise en garde contre les risques liés aux "
            "jeux d'argent et de hasard), Autorité nationale des jeux (ANJ)"
        ),
        "source_url": "https://anj.fr/",
    },
    {
        "country": "GB",
        "text_en": (
            "18+. Gambling can be addictive: set limits and only bet what you can afford to "
            "lose. For free, confidential help, call the National Gambling Helpline on "
            "0808 8020 133 or visit begambleaware.org."
        ),
        "text_fr": (
            "18+. Le jeu peut créer une dépendance : fixez-vous des limites et ne misez que ce "
            "que vous pouvez vous permettre de perdre. Aide gratuite et confidentielle : "
            "National Gambling Helpline au 0808 8020 133 ou begambleaware.org."
        ),
        "helpline_name": "National Gambling Helpline (GambleAware)",
        "helpline_url": "https://www.begambleaware.org/",
        "helpline_phone": "0808 8020 133",
        "source": (
            "UK Gambling Commission and CAP Code section 16 / BCAP Code section 17 (safer "
            "gambling messaging in gambling advertising); helpline run for GambleAware"
        ),
        "source_url": "https://www.asa.org.uk/type/non_broadcast/code_section/16.html",
    },
]


def update(apps, schema_editor):
    notice_model = apps.get_model("handoff", "ResponsibleGamblingNotice")
    for notice in NOTICES:
        notice_model.objects.update_or_create(
            country=notice["country"], defaults={k: v for k, v in notice.items() if k != "country"}
        )


class Migration(migrations.Migration):
    dependencies = [("handoff", "0003_offers_before_the_race")]

    # Going back keeps the notices as they are: the older wordings are not in force.
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
