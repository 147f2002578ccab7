"""bench.cpu: CPU seconds per group of processes over a window, read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import cpu

pytestmark = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="needs Linux /proc")

# A child that renames itself (a name with a space and parentheses, as /proc allows),
# says so, then burns CPU for `seconds`.
BURN = """
import sys, time
open("/proc/self/comm", "w").write("burn (x) 1")
print("ready", flush=True)
end = time.process_time() + float(sys.argv[1])
while time.process_time() < end:
    pass
"""


def _burner(seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", BURN, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    ready = child.stdout.readline().strip()
    child.stdout.close()
    assert ready == "ready"
    return child


def _cpu_of(pid: int) -> float:
    return cpu.members(cpu.Tree(pid), cpu._processes()).get(pid, 0.0)


def _until_spent(child: subprocess.Popen[str], seconds: float) -> None:
    """Wait until `child` has used `seconds` of CPU (however busy the machine is)."""
    deadline = time.monotonic() + 30
    while _cpu_of(child.pid) < seconds:
        assert time.monotonic() < deadline, "the child did not get the CPU"
        time.sleep(0.05)


def test_it_counts_a_descendant_born_during_the_window_from_zero() -> None:
    groups = {"me": cpu.Tree(os.getpid())}
    before = cpu.snapshot(groups)
    child = _burner(60)
    try:
        _until_spent(child, 0.4)
        after = cpu.snapshot(groups)
    finally:
        child.kill()
        child.wait()
    spent = cpu.spent(before, after)
    assert child.pid not in before["me"]
    assert after["me"][child.pid] >= 0.4
    assert spent["me"] >= 0.4
    assert spent[cpu.MACHINE] >= 0.4


def test_it_finds_processes_by_a_name_holding_spaces_and_parentheses() -> None:
    child = _burner(60)
    try:
        group = {"burn": cpu.Named("burn (x) 1")}
        before = cpu.snapshot(group)
        began = time.monotonic()
        _until_spent(child, before["burn"][child.pid] + 0.3)
        after = cpu.snapshot(group)
        elapsed = time.monotonic() - began
    finally:
        child.kill()
        child.wait()
    assert set(after["burn"]) == {child.pid}
    assert 0.3 <= cpu.spent(before, after)["burn"] <= elapsed + 0.05
    assert cpu.snapshot({"nobody": cpu.Named("no such process")})["nobody"] == {}


def test_a_process_gone_before_the_window_closes_is_not_counted() -> None:
    child = _burner(0.2)
    group = {"burn": cpu.Named("burn (x) 1")}
    before = cpu.snapshot(group)
    child.wait()
    assert cpu.spent(before, cpu.snapshot(group))["burn"] == 0.0
