#!/usr/bin/env python
"""Django's command-line utility for Paddock."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The project imports itself as `backend.*`, so the repository root must be importable
    # whichever directory the command is started from.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the path and settings are set

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
