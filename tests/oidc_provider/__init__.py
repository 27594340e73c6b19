"""A real OpenID provider for the single sign-on tests: a tiny Django project running
django-oauth-toolkit's OIDC provider, started by the tests as its own process
(``tests/test_sso.py``). It stands in for the municipality's Entra ID or ID-porten."""
