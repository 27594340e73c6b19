vcl 4.1;
# Veiviser behind Varnish: public pages, the public API, the feed and the sitemap are cached
# until a publish purges them (Wagtail's frontend cache sends PURGE requests from the worker);
# the admin, previews, drafts, authenticated API calls and anyone with a session are passed.
import directors;

# backends.vcl defines the app servers and, in its vcl_init, the round-robin director `app`;
# make serve writes it, deploy/varnish/backends.example.vcl shows the shape.
include "backends.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # A path ending in * bans every object under that prefix (lists, navigation, feeds);
        # any other path bans that URL with every query string.
        if (req.url ~ "\*$") {
            ban("obj.http.x-url ~ ^" + regsub(req.url, "\*$", "") +
                " && obj.http.x-url !~ ^/static/");
        } else {
            ban("obj.http.x-url ~ ^" + regsub(req.url, "\?.*$", "") + "(\?|$)");
        }
        return (synth(200, "Purged"));
    }

    # Metrics are for the monitoring system, which scrapes the app servers directly.
    if (req.url ~ "^/metrics" && client.ip !~ purgers) {
        return (synth(404, "Not Found"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)" || req.url ~ "/draft/" ||
        req.url ~ "^/(healthz|readyz|metrics)" || req.http.Authorization) {
        return (pass);
    }
    # A session (logged-in editor, preview) is never served from or put into the cache;
    # other cookies (CSRF, consent) do not change a public page, so they are dropped.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept for bans (the ban lurker tests objects, not requests).
    set beresp.http.x-url = bereq.url;
    # Cacheable answers stay until a publish purges them; the builtin rules below still refuse
    # Set-Cookie, private and no-store answers.
    if (beresp.status == 200 || beresp.status == 301 || beresp.status == 404 || beresp.status == 410) {
        if (!beresp.http.Set-Cookie && beresp.http.Cache-Control !~ "(private|no-store|no-cache)") {
            set beresp.ttl = 1h;
            set beresp.grace = 10s;
        }
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
}
