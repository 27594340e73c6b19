from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.documents import urls as wagtaildocs_urls

from kb import permalinks
from kb.feeds import ChangesFeed
from search.views import search_page
from website.health import ReadyView, healthz
from website.metrics import metrics
from website.security import two_factor_views
from website.sitemaps import sitemap_urls
from website.views.pdf import download_pdf

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", ReadyView.as_view(), name="readyz"),
    path("metrics", metrics, name="metrics"),
    # Security (issue 12): the second factor's pages (before the admin's own), single sign-on.
    path("admin/totrinn/registrer/", two_factor_views.enrol, name="two_factor_enrol"),
    path("admin/totrinn/bekreft/", two_factor_views.verify, name="two_factor_verify"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("k/<uuid:key>/", permalinks.follow, name="kb-permalink"),
    path("k/<uuid:key>/<str:locale>/", permalinks.follow, name="kb-permalink-locale"),
    *sitemap_urls(),
    path("sok/", search_page, name="search"),
    path("feeds/changes.atom", ChangesFeed(), name="kb-changes-feed"),
    path("pdf/<int:page_id>/", download_pdf, name="page-pdf"),
]

if settings.DEBUG or settings.DEV_MODE:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages in Bokmål, the default locale, have no prefix; the others are under /nn/, /en/, ...
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
