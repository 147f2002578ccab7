"""Markdown rendering: useful formatting in, no executable HTML out."""

from __future__ import annotations

import pytest

from backend.community import markup


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        '<a href="https://ok.example" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
        "<svg onload=alert(1)>",
        '<div style="position:fixed" onmouseover="alert(1)">x</div>',
        "<object data=x></object><embed src=x><form action=x><input></form>",
        '![img](https://tracker.example/pixel.gif "t")',
    ],
)
def test_it_strips_anything_executable(source: str) -> None:
    html = markup.render(source).lower()
    for bad in ("<script", "onerror=", "javascript:", "onclick", "onload", "onmouseover"):
        assert bad not in html
    for tag in ("<iframe", "<style", "<svg", "<object", "<embed", "<form", "<input", "<img"):
        assert tag not in html
    assert "style=" not in html


def test_it_keeps_the_formatting_members_need() -> None:
    html = markup.render(
        "**bold** _it_ `code`\n\n- a\n- b\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\nx = 1\n```"
    )
    for tag in ("<strong>", "<em>", "<code>", "<ul>", "<blockquote>", "<table>", "<pre>"):
        assert tag in html


def test_it_gives_links_nofollow_noopener() -> None:
    html = markup.render("[site](https://example.com) and <https://other.example>")
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in html
    assert html.count('rel="nofollow noopener"') == 2


def test_it_shows_code_as_text() -> None:
    assert markup.render("`<script>`") == "<p><code>&lt;script&gt;</code></p>"


def test_it_detects_links_for_the_approval_rule() -> None:
    assert markup.has_link("see https://x.example", "")
    assert markup.has_link("see www.x.example", "")
    assert markup.has_link("[x](https://x.example)", markup.render("[x](https://x.example)"))
    assert not markup.has_link("the 2.40 € place dividend", "<p>the 2.40 € place dividend</p>")


def test_it_escapes_plain_text_for_markdown() -> None:
    name = "Ace *bold* [x](https://spam.example) <b>"
    assert markup.render(markup.escape(name)) == (
        "<p>Ace *bold* [x](https://spam.example) &lt;b&gt;</p>"
    )


def test_it_makes_a_plain_text_excerpt() -> None:
    html = markup.render("**Hello** & welcome " + "word " * 60)
    text = markup.excerpt(html, 40)
    assert text.startswith("Hello & welcome")
    assert len(text) <= 40
    assert text.endswith("…")
