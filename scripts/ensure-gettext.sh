#!/usr/bin/env bash
# Installs GNU gettext (msgfmt) from Debian's packages where missing: compilemessages needs it
# to turn the catalogues in locale/ into the .mo files Django reads.
set -euo pipefail
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v msgfmt >/dev/null; then
  echo "ensure-gettext: installing gettext from Debian's packages…" >&2
  as_root apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends gettext >&2
fi
