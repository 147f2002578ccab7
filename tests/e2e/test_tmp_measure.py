import pytest
from tests.e2e import world
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def test_measure(open_page):
    world.player("m@paddock.test", "Maximilienne-Charlotte", language="fr")
    for loc in ("fr-FR", "en-GB"):
        page = open_page(locale=loc)
        page.goto("/account/login")
        page.get_by_label("Adresse e-mail" if loc == "fr-FR" else "Email address").fill("m@paddock.test")
        page.get_by_label("Mot de passe" if loc == "fr-FR" else "Password").fill(world.PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_timeout(1500)
        for w in (360, 768, 900, 1024, 1100, 1280):
            page.set_viewport_size({"width": w, "height": 800})
            page.wait_for_timeout(100)
            r = page.evaluate("""() => ({sw: document.documentElement.scrollWidth,
              header: document.querySelector('.header-row').scrollWidth, hw: document.querySelector('.header-row').clientWidth,
              ul: document.querySelector('.main-nav ul').scrollWidth, ulw: document.querySelector('.main-nav ul').clientWidth,
              spans: [...document.querySelectorAll('.main-nav a span')].map(s => s.scrollWidth > s.clientWidth ? s.textContent : null).filter(Boolean)})""")
            print(loc, w, r)
