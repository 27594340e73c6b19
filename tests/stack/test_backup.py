"""The restore drill: back up, wipe, restore, and find everything again (counts and checksums
of pages, revisions, users, tokens and webhooks, the media files), with search rebuilt."""

import json
import os
import subprocess
import sys

import pytest

from tests.stack.conftest import ROOT, copy_test_database

pytestmark = pytest.mark.django_db

FINGERPRINT = """
import hashlib, json
from django.contrib.auth import get_user_model
from wagtail.models import APIToken, Page, Revision
from kb.models import Webhook
from search.models import SearchDocument
def digest(qs):
    rows = json.dumps(list(qs.order_by("pk").values()), default=str, sort_keys=True)
    return [qs.count(), hashlib.sha256(rows.encode()).hexdigest()]
print(json.dumps({
    "pages": digest(Page.objects.all()), "revisions": digest(Revision.objects.all()),
    "users": digest(get_user_model().objects.all()), "tokens": digest(APIToken.objects.all()),
    "webhooks": digest(Webhook.objects.all()), "search": SearchDocument.objects.count(),
}))
"""

SEED = """
from django.contrib.auth import get_user_model
from wagtail.models import APIToken
from kb.models import Webhook
user = get_user_model().objects.create_user("drill", "drill@example.org", "pw-drill-123")
APIToken.create_token(user=user, name="drill")
Webhook.objects.create(name="drill", url="https://receiver.example/hook")
"""


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_backup_wipe_restore_finds_everything_again(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        database_url = copy_test_database("drill")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "rutine.txt").write_text("Bekymringsrutine\n")
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    assert manage(env, "shell", "--no-imports", "-c", SEED).returncode == 0

    before = json.loads(manage(env, "shell", "--no-imports", "-c", FINGERPRINT).stdout)
    assert before["tokens"][0] >= 1 and before["webhooks"][0] >= 1 and before["pages"][0] > 50

    done = manage(env, "backup", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert manage(env, "backup", str(tmp_path / "backup")).returncode != 0  # never overwritten

    # Wipe: an empty database and no media files.
    with django_db_blocker.unblock():
        copy_test_database("drill", template="template0")
    (media / "documents" / "rutine.txt").unlink()

    done = manage(env, "restore", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    after = json.loads(manage(env, "shell", "--no-imports", "-c", FINGERPRINT).stdout)
    assert after == before
    assert after["search"] > 0
    assert (media / "documents" / "rutine.txt").read_text() == "Bekymringsrutine\n"


def test_restore_from_something_that_is_not_a_backup_says_so(tmp_path):
    done = manage(dict(os.environ), "restore", str(tmp_path))
    assert done.returncode != 0
    assert "er ikke en sikkerhetskopi" in done.stderr
