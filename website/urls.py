from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kb.feeds import ChangesFeed
from search.views import search_page
from website.security import two_factor_views

urlpatterns = [
    # Security (issue 12): the second factor's pages (before the admin's own), single sign-on.
    path("admin/totrinn/registrer/", two_factor_views.enrol, name="two_factor_enrol"),
    path("admin/totrinn/bekreft/", two_factor_views.verify, name="two_factor_verify"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("sitemap.xml", sitemap),
    path("sok/", search_page, name="search"),
    path("feeds/changes.atom", ChangesFeed(), name="kb-changes-feed"),
]

if settings.DEBUG or settings.DEV_MODE:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
