"""Local runs' email backend: a file per email, one console line with the link to click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.mail import EmailMessage

from backend.common.mailfiles import EmailBackend


def test_it_writes_the_email_to_a_file_and_prints_one_line_with_its_link(
    tmp_path: Path, capsys: Any
) -> None:
    body = "Hello,\n\nConfirm: http://127.0.0.1:8101/account/verify-email/abc-1\n\nThanks\n" * 20
    message = EmailMessage("Confirm your email", body, "no-reply@paddock.local", ["a@b.test"])
    assert EmailBackend(file_path=str(tmp_path)).send_messages([message]) == 1
    (written,) = tmp_path.iterdir()
    assert "verify-email/abc-1" in written.read_text()
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "✉ a@b.test · Confirm your email · http://127.0.0.1:8101/account/verify-email/abc-1"
    ]
