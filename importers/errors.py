"""The one error type of the package: every parser and source raises FeedError on bad input."""

from __future__ import annotations

from typing import Any


class FeedError(Exception):
    """A race feed that cannot be read as promised.

    `file` is the file name or URL, `race` a label such as ``2025-11-05 R1C1``, `field` the
    feed field or CSV column at fault and `line` the CSV line number (1 is the header). Each is
    None when unknown; ``str(err)`` names the ones that are known before the message.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        race: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.race = race
        self.field = field
        self.line = line
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {self.file}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.race is not None:
            where.append(f"race {self.race}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes would be lost by the default pickling of exceptions, and
        # Celery pickles the errors of failed tasks.
        state = {"file": self.file, "race": self.race, "field": self.field, "line": self.line}
        return (_rebuild, (type(self), self.message, state))

    def located(
        self,
        *,
        file: str | None = None,
        race: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> FeedError:
        """The same error with the blanks filled in (what is already known is kept)."""
        return type(self)(
            self.message,
            file=self.file if self.file is not None else file,
            race=self.race if self.race is not None else race,
            field=self.field if self.field is not None else field,
            line=self.line if self.line is not None else line,
        )


class NotPublished(FeedError):  # noqa: N818 - a state ("not published yet"), not a failure
    """The source has nothing yet at this address (HTTP 404 or 204, or no such file).

    Raised for rapports-definitifs before the dividends are published: the caller polls again
    later instead of treating the race as broken.
    """


def _rebuild(cls: type[FeedError], message: str, state: dict[str, Any]) -> FeedError:
    return cls(message, **state)
