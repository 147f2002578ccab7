"""Draw the app's home-screen icons (frontend/public/icons/) from the brand mark.

    python backend/manage.py make_icons

The icons are committed; run it again only when the mark or its colours change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

GREEN, WHITE = (11, 93, 59), (255, 255, 255)


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    """The "P" mark on green: a rounded tile, or a full bleed with the mark in the safe zone."""
    scale = 4  # drawn large, then downsampled: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0) if not maskable else GREEN)
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 // 32, fill=GREEN)
    # Maskable icons keep their mark inside the central 80% circle.
    unit = big / (40 if maskable else 32)
    left = (big - 16 * unit) / 2
    top = (big - 18 * unit) / 2
    stroke = 4 * unit
    draw.rectangle((left, top, left + stroke, top + 18 * unit), fill=WHITE)
    bowl = (left, top, left + 14 * unit, top + 12 * unit)
    draw.rounded_rectangle(bowl, radius=6 * unit, fill=WHITE)
    inner = (left + stroke, top + stroke, left + 10 * unit, top + 8 * unit)
    draw.rounded_rectangle(inner, radius=2 * unit, fill=GREEN)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the home-screen icons into frontend/public/icons/."

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.REPO_DIR) / "frontend" / "public" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        targets = {f"icon-{s}.png": (s, False) for s in (192, 512)}
        targets["maskable-512.png"] = (512, True)
        targets["apple-touch-icon.png"] = (180, True)
        for name, (size, maskable) in targets.items():
            draw_icon(size, maskable=maskable).save(folder / name, optimize=True)
            self.stdout.write(f"{folder / name}")
