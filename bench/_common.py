"""Shared helpers for the benchmark scripts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://schakel:schakel@127.0.0.1:5432/schakel_bench")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem} RAM, {platform.platform()}, Python {sys.version.split()[0]}, {pg}"


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> str:
    return (
        f"n={len(values)} p50={percentile(values, 50) * 1000:.1f} ms p95={percentile(values, 95) * 1000:.1f} ms "
        f"mean={statistics.fmean(values) * 1000:.1f} ms"
        if values
        else "n=0"
    )


def django_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCHAKEL_", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": BENCH_DB,
            "SCHAKEL_ENVIRONMENT": "development",
            "SCHAKEL_DATA_DIR": str(ROOT / "var" / "bench"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SCHAKEL_LOG_LEVEL": "error",
        }
    )
    env.update(extra)
    return env
