# The app servers behind Varnish; make serve writes one like this into its run directory.
backend app1 { .host = "127.0.0.1"; .port = "8501"; }
backend app2 { .host = "127.0.0.1"; .port = "8502"; }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
