"""Bad input from outside is a 4xx with a clear message, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?search=a%00b",
        "/api/v3/pages/?slug=%00",
        "/api/v3/kb/search/?q=%00",
        "/sok/?q=%00",
    ],
)
def test_a_nul_byte_is_a_400_with_a_reason(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400
    assert "NUL-tegn" in response.content.decode()


def test_the_path_too(client):
    assert client.get("/kunnskapsbase/%00/").status_code == 400
