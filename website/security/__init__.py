"""Who may log in, and how: throttling and lockout (``lockout``), two-factor authentication
(``two_factor``, ``two_factor_views``) and single sign-on with OpenID Connect (``sso``)."""
