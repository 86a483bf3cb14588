"""`tandem db upgrade` and `tandem users add`, run as a real process on SQLite and PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tandem.domain.conversations import Role
from tandem.staff.security import password_matches
from tandem.store import make_engine
from tandem.store.tables import AgentRow


def tandem(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_upgrade_then_add_users(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TANDEM_DATABASE_URL": fresh_database_url, "TANDEM_DATA_DIR": str(tmp_path)}
    upgraded = tandem(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "latest schema" in upgraded.stdout
    added = tandem(
        [
            "users",
            "add",
            "nadia",
            "--role",
            "agent",
            "--skills",
            "ecommerce,telecom",
            "--languages",
            "fr",
            "--capacity",
            "2",
            "--password-stdin",
        ],
        env,
        stdin="a-long-password\n",
    )
    assert added.returncode == 0, added.stderr
    assert "a-long-password" not in added.stdout + added.stderr
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(AgentRow).where(AgentRow.username == "nadia")).one()
    finally:
        engine.dispose()
    assert row.role == Role.AGENT.value
    assert list(row.skills) == ["ecommerce", "telecom"] and list(row.languages) == ["fr"] and row.capacity == 2
    assert password_matches(row.password_hash, "a-long-password")


def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    env = {"TANDEM_DATA_DIR": str(tmp_path)}  # the embedded SQLite default: input checks do not depend on it
    cases = [
        (["users", "add", "x", "--role", "boss", "--password-stdin"], "long-enough-pw", "unknown role"),
        (["users", "add", "x", "--role", "agent"], None, "--password-stdin"),
        (["users", "add", "x", "--role", "agent", "--password-stdin"], "short", "shorter than 8"),
        (
            ["users", "add", "x", "--role", "agent", "--skills", "banking", "--password-stdin"],
            "long-enough-pw",
            "unknown skills",
        ),
        (["users", "add", "x", "--role", "agent", "--capacity", "0", "--password-stdin"], "long-enough-pw", "capacity"),
    ]
    for args, stdin, fragment in cases:
        result = tandem(args, env, stdin)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().splitlines()[-1].startswith("error: ") and fragment in result.stderr
        assert "Traceback" not in result.stderr
    first = tandem(["users", "add", "dup", "--role", "supervisor", "--password-stdin"], env, "long-enough-pw")
    again = tandem(["users", "add", "dup", "--role", "supervisor", "--password-stdin"], env, "long-enough-pw")
    assert first.returncode == 0 and again.returncode == 2 and "taken" in again.stderr


def test_serve_refuses_to_start_without_a_secret_outside_demo(tmp_path: Path) -> None:
    env = {"TANDEM_DATA_DIR": str(tmp_path), "TANDEM_SECRET_KEY": ""}
    result = tandem(["serve", "--port", "8799"], env)
    assert result.returncode == 2
    assert "TANDEM_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
