"""The docs stay honest: a short front page, links that resolve, and nothing cited from
outside this repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
IMAGES = sorted((DOCS / "images").glob("*.png"))

README_MAX_BYTES = 10_000
IMAGE_MAX_BYTES = 150_000
# Names of files that live outside the repository, which a doc must never send readers to.
OUTSIDE = ("DESIGN.md", "../shared", "shared/real-data")

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`]*`")
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def _prose(text: str) -> str:
    """The text without fenced blocks and code spans: what a reader follows as links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def links(path: Path) -> list[str]:
    prose = _prose(path.read_text(encoding="utf-8"))
    return MARKDOWN_LINK.findall(prose) + HTML_LINK.findall(prose)


def is_relative(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith(
        "//"
    )


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
        slug = re.sub(r"[^\w\- ]", "", text.replace("`", "").lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_the_front_page_is_short() -> None:
    size = README.stat().st_size
    assert size < README_MAX_BYTES, f"README.md is {size} bytes, over {README_MAX_BYTES}"


def test_every_doc_is_reached_from_the_front_page() -> None:
    linked = {
        (README.parent / target.split("#")[0]).resolve()
        for target in links(README)
        if is_relative(target)
    }
    missing = [_name(page) for page in PAGES[1:] if page.resolve() not in linked]
    assert not missing, f"README.md links to none of {missing}"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_resolves_inside_the_repository(page: Path) -> None:
    broken = []
    for target in links(page):
        if not is_relative(target):
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (page.parent / file_part).resolve() if file_part else page
        if not resolved.is_relative_to(REPO):
            broken.append(f"{target}: outside the repository")
        elif not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {_name(resolved)}")
    assert not broken, f"{_name(page)}: " + "; ".join(broken)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_no_doc_cites_a_file_outside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    cited = [name for name in OUTSIDE if name in text]
    assert not cited, f"{_name(page)} cites {cited}, which are not in this repository"


def test_the_screenshots_are_small_and_shown() -> None:
    assert IMAGES, "docs/images/ holds the screenshots of the front page"
    shown = {
        (page.parent / target.split("#")[0]).resolve()
        for page in PAGES
        for target in links(page)
        if is_relative(target)
    }
    for image in IMAGES:
        size = image.stat().st_size
        assert size < IMAGE_MAX_BYTES, f"{_name(image)} is {size} bytes, over {IMAGE_MAX_BYTES}"
        assert image.resolve() in shown, f"{_name(image)} is shown by no doc"


def test_the_link_reader_sees_what_a_reader_follows() -> None:
    """The checks above rest on these: links in prose count, links in code do not."""
    sample = DOCS / "architecture.md"
    assert any(target.startswith("../importers/") for target in links(sample))
    fenced = "see [a](a.md) and `[b](b.md)`\n```\n[c](c.md)\n```\n"
    assert _prose(fenced) == "see [a](a.md) and \n\n"
    assert MARKDOWN_LINK.findall("![x](docs/images/a.png) [y](api.md#the-schema)") == [
        "docs/images/a.png",
        "api.md#the-schema",
    ]
