"""The .pyi stub matches the compiled module (mypy's stubtest) and types a
user's code (mypy --strict over tests/typed_usage.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kyc_preflight

HERE = Path(__file__).resolve().parent


def test_the_package_ships_its_stub_and_marker() -> None:
    package = Path(kyc_preflight.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_kyc_preflight.pyi").is_file()


def test_stubtest_finds_the_stub_true() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "kyc_preflight", "--ignore-missing-stub"],
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_on_typed_usage() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(HERE / "typed_usage.py")],
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success" in run.stdout


def test_mypy_rejects_misuse(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import kyc_preflight as kp\n"
        "rules = kp.rule_set('kira/create-user')\n"
        "rules.check(1)\n"
        "n: int = rules.check(b'{}').variant\n"
        "rules.check_many([b'{}'], jobs='2')\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stdout.count("error:") == 3, run.stdout
