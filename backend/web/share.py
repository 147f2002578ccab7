"""Link previews: Open Graph and Twitter card tags, and the PNG card they point to.

An invite link (/leagues/join/<code>) previews the league's name and this week's race; a round
page (/rounds/<id>) the race and, once the round has locked, the crowd's favourite. Only what
anyone holding the link may see: never a player's name, pick or points. The PNG is drawn once
per content version (a hash of what it shows) and kept in MEDIA_ROOT/og/.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from backend.common.errors import ApplicationError
from backend.game.models import Round
from backend.game.selectors import crowd_distribution, round_get, round_is_locked, rounds_list
from backend.leagues.selectors import invite_resolve

WIDTH, HEIGHT = 1200, 630
GREEN, CREAM, GOLD = (11, 93, 59), (250, 246, 236), (214, 170, 72)
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))

TEXT = {
    "en": {
        "invite": "Join “{league}” on Paddock",
        "invite_desc": "A free horse-racing prediction league. This week: {race}.",
        "round": "{race} · Paddock",
        "round_desc": "Pick a winner and a placed horse for free. {extra}",
        "favourite": "The crowd's favourite: {horse}.",
        "open": "Picks open until the start.",
        "week": "This week",
        "crowd": "Crowd's favourite",
        "none": "No race this week yet",
        "alt": "{title}: {line}",
    },
    "fr": {
        "invite": "Rejoins « {league} » sur Paddock",
        "invite_desc": "Une ligue de pronostics hippiques gratuite. Cette semaine : {race}.",
        "round": "{race} · Paddock",
        "round_desc": "Choisissez un gagnant et un placé, gratuitement. {extra}",
        "favourite": "Le favori des joueurs : {horse}.",
        "open": "Pronostics ouverts jusqu'au départ.",
        "week": "Cette semaine",
        "crowd": "Favori des joueurs",
        "none": "Pas encore de course cette semaine",
        "alt": "{title} : {line}",
    },
}


@dataclass(frozen=True)
class Card:
    """What a preview shows: a title, a description, and the two lines drawn on the image."""

    title: str
    description: str
    heading: str
    label: str
    line: str

    @property
    def version(self) -> str:
        text = "\x1f".join((self.heading, self.label, self.line))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _race_line(rnd: Round | None) -> str | None:
    if rnd is None:
        return None
    race = rnd.race
    return f"{race.name} · {race.meeting.racecourse}, {race.post_time:%d/%m}"


def invite_card(code: str, lang: str) -> Card | None:
    """The preview of a usable invite code, else None (a dead code previews nothing)."""
    try:
        league = invite_resolve(code=code).league
    except ApplicationError:
        return None
    text = TEXT[lang]
    race = _race_line(rounds_list(when="current").first()) or text["none"]
    return Card(
        title=text["invite"].format(league=league.name),
        description=text["invite_desc"].format(race=race),
        heading=league.name,
        label=text["week"],
        line=race,
    )


def round_card(round_id: str, lang: str) -> Card | None:
    """The preview of a visible round: its race, and the crowd's favourite once locked."""
    if not round_id.isdigit() or len(round_id) > 9:
        return None
    try:
        rnd = round_get(round_id=int(round_id))
    except ApplicationError:
        return None
    text = TEXT[lang]
    race = _race_line(rnd) or ""
    favourite = _favourite(rnd)
    extra = text["favourite"].format(horse=favourite) if favourite else text["open"]
    return Card(
        title=text["round"].format(race=rnd.race.name),
        description=text["round_desc"].format(extra=extra).strip(),
        heading=race,
        label=text["crowd"] if favourite else text["week"],
        line=favourite or text["open"],
    )


def _favourite(rnd: Round) -> str | None:
    """The runner most picked to win, only after the lock (before, picks are private)."""
    if not round_is_locked(rnd):
        return None
    runners = crowd_distribution(rnd=rnd)["runners"]
    best = max(runners, key=lambda r: r["win_picks"], default=None)
    if best is None or best["win_picks"] == 0:
        return None
    return f"{best['number']}. {best['name']}"


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, *, bold: bool) -> tuple:
    """The largest font (down to half `size`) that fits `text` in `width`, cut with … if not."""
    font = _font(size, bold=bold)
    while draw.textlength(text, font=font) > width and size > 28:
        size -= 4
        font = _font(size, bold=bold)
    while draw.textlength(text, font=font) > width and len(text) > 4:
        text = text[:-2].rstrip() + "…"
    return text, font


def draw_card(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=GOLD)
    draw.rounded_rectangle((72, 72, 136, 136), radius=14, fill=CREAM)
    draw.text((88, 78), "P", font=_font(52, bold=True), fill=GREEN)
    draw.text((160, 82), "Paddock", font=_font(44, bold=True), fill=CREAM)
    heading, font = _fit(draw, card.heading, 72, WIDTH - 144, bold=True)
    draw.text((72, 220), heading, font=font, fill=CREAM)
    draw.text((72, 360), card.label.upper(), font=_font(30, bold=True), fill=GOLD)
    line, font = _fit(draw, card.line, 48, WIDTH - 144, bold=False)
    draw.text((72, 410), line, font=font, fill=CREAM)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card_png(card: Card) -> bytes:
    """The card's PNG, drawn once per content version and read from MEDIA_ROOT/og/ after."""
    folder = Path(settings.MEDIA_ROOT) / "og"
    path = folder / f"{card.version}.png"
    if path.is_file():
        return path.read_bytes()
    data = draw_card(card)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{timezone.now().timestamp():.0f}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data
