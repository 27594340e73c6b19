"""Settings come from the environment with safe defaults."""

import os
import re
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


def test_a_bad_number_stops_start_up_with_a_sentence_naming_it():
    for name, value in [("KB_API_MAX_AGE", "ett minutt"), ("WEBHOOK_TIMEOUT", "-1")]:
        result = django_check(VEIVISER_DEV="1", **{name: value})
        assert result.returncode != 0
        assert f"{name} must be" in result.stderr and repr(value) in result.stderr


def test_the_cache_lifetimes_come_from_the_environment(settings):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault("
            "'DJANGO_SETTINGS_MODULE', 'website.settings'); django.setup();"
            "from django.conf import settings as s; print(s.KB_API_MAX_AGE, s.KB_API_CACHE_TTL)",
        ],
        cwd=ROOT,
        env={**os.environ, "VEIVISER_DEV": "1", "KB_API_MAX_AGE": "5", "KB_API_CACHE_TTL": "7"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["5", "7"], result.stderr
    assert (settings.KB_API_MAX_AGE, settings.KB_API_CACHE_TTL) == (60, 3600)  # the defaults


SETTING_READ = re.compile(
    r"getattr\(\s*settings,\s*[\"']([A-Z_0-9]+)[\"']|\bsettings\.([A-Z_0-9]+)"
)


def test_every_setting_the_code_reads_is_declared(settings):
    """A setting read with a fallback and never declared cannot be found or documented."""
    read: dict[str, str] = {}
    for package in ("kb", "search", "website"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "settings.py":
                continue
            for match in SETTING_READ.finditer(path.read_text()):
                read.setdefault(match.group(1) or match.group(2), str(path.relative_to(ROOT)))
    assert "KB_API_MAX_AGE" in read  # the scan sees the code
    missing = {name: where for name, where in read.items() if not hasattr(settings, name)}
    assert not missing, f"read but not declared in settings.py: {missing}"


def test_locale_paths_exist(settings):
    assert settings.LOCALE_PATHS and all(Path(path).is_dir() for path in settings.LOCALE_PATHS)


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


def test_the_admin_s_address_in_e_mail_follows_the_public_base_url():
    def admin_base(**env) -> str:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django, os; os.environ.setdefault("
                "'DJANGO_SETTINGS_MODULE', 'website.settings'); django.setup();"
                "from django.conf import settings as s; print(s.WAGTAILADMIN_BASE_URL)",
            ],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if "BASE_URL" not in k},
                "VEIVISER_DEV": "1",
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() or result.stderr

    assert admin_base(PUBLIC_BASE_URL="https://veiviser.example/") == "https://veiviser.example"
    assert (
        admin_base(PUBLIC_BASE_URL="https://veiviser.example", WAGTAILADMIN_BASE_URL="https://a.b")
        == "https://a.b"
    )
    assert admin_base() == "http://127.0.0.1:8000"


def test_production_logs_are_one_json_object_a_line():
    import json

    code = (
        "import django, logging, os; os.environ.setdefault("
        "'DJANGO_SETTINGS_MODULE', 'website.settings'); django.setup();"
        "logging.getLogger('kb.webhooks').warning('Levering %s ga opp', 'abc')"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"VEIVISER_DEV", "DEBUG"}}
    env.update(SECRET_KEY="x", ALLOWED_HOSTS="example.org")
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["levelname"] == "WARNING"
    assert line["name"] == "kb.webhooks"
    assert line["message"] == "Levering abc ga opp"

    plain = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "LOG_FORMAT": "text"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert plain.stderr.strip().splitlines()[-1] == "Levering abc ga opp"
