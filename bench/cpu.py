"""Where a measured window's CPU went: seconds per group of processes, read from /proc.

A benchmark's rate says how fast; this says what it cost, and who paid: the server, the
PostgreSQL backends, Redis, the load generator, and the whole machine (every CPU's busy
time, the kernel's included). A group is named by what finds its processes when a
snapshot is taken (`Tree(pid)`: a process and its descendants; `Named("postgres")`: every
process of that name), so processes born during the window (a new database backend)
count from zero. Linux only: elsewhere every figure is absent.

Imports nothing of Django: the load generator takes the snapshots at the edges of its
measured window, after the warm-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
MACHINE = "machine"


@dataclass(frozen=True)
class Tree:
    """A process and all its descendants (a server's master and its workers)."""

    pid: int


@dataclass(frozen=True)
class Named:
    """Every process whose command name is `name` (`/proc/<pid>/comm`)."""

    name: str


Group = Tree | Named
Snapshot = dict[str, dict[int, float]]


def _ticks() -> float:
    return float(os.sysconf("SC_CLK_TCK"))


def _processes() -> dict[int, tuple[str, int, float]]:
    """Every process now: pid -> (command name, parent pid, CPU seconds, user and system),
    one read of `/proc/<pid>/stat` each."""
    table: dict[int, tuple[str, int, float]] = {}
    ticks = _ticks()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue  # gone since the directory was listed
        # "pid (name) state ppid ...": the name may hold spaces and parentheses.
        head, rest = text.rsplit(")", 1)
        fields = rest.split()
        name = head.split("(", 1)[1]
        table[int(entry.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


def members(group: Group, table: dict[int, tuple[str, int, float]]) -> dict[int, float]:
    """The group's processes in `table` (`_processes`), each with its CPU seconds."""
    if isinstance(group, Named):
        return {pid: seconds for pid, (name, _, seconds) in table.items() if name == group.name}
    wanted = {group.pid} if group.pid in table else set()
    grew = bool(wanted)
    while grew:
        more = {pid for pid, (_, parent, _) in table.items() if parent in wanted} - wanted
        wanted |= more
        grew = bool(more)
    return {pid: table[pid][2] for pid in wanted}


def machine_busy() -> float:
    """Every CPU's busy seconds since boot (all but idle and I/O wait), `/proc/stat`."""
    values = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / _ticks()


def snapshot(groups: Mapping[str, Group]) -> Snapshot:
    """Each group's processes and CPU seconds now, and the machine's busy seconds."""
    if not PROC.joinpath("stat").exists():
        return {}
    table = _processes()
    taken = {name: members(group, table) for name, group in groups.items()}
    taken[MACHINE] = {0: machine_busy()}
    return taken


def spent(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds each group spent between two snapshots: a process born in between
    counts from zero; one gone by `after` is not counted (its last seconds are unknown)."""
    return {
        name: sum(seconds - before.get(name, {}).get(pid, 0.0) for pid, seconds in now.items())
        for name, now in after.items()
    }
