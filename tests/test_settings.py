"""Settings come from the environment with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_check(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "VEIVISER_DEV", "DEBUG", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault("
            "'DJANGO_SETTINGS_MODULE', 'website.settings'); django.setup();"
            "from django.conf import settings as s;"
            "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS)",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_outside_development():
    result = django_check()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_defaults_are_safe():
    result = django_check(SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@db:5432/veiviser")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql", "[]"]


def test_development_mode_uses_embedded_sqlite():
    result = django_check(VEIVISER_DEV="1")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout


def test_check_deploy_is_clean_in_production_mode():
    """Django's own deployment checklist: HSTS, SSL redirect, secure cookies, a real secret key,
    hosts, no debug; any warning fails."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "VEIVISER_DEV", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    env = {
        **clean,
        "SECRET_KEY": "p7-" + "veiviser-production-like-secret-key-for-the-test-" * 2,
        "ALLOWED_HOSTS": "veiviser.example.org",
        "DATABASE_URL": "postgres://u:p@db:5432/veiviser",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
