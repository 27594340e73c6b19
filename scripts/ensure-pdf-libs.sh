#!/usr/bin/env bash
# Installs the Debian libraries WeasyPrint (the PDFs of routines and checklists) needs, where
# missing: Pango, HarfBuzz's subsetter and a font.
set -euo pipefail
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! ldconfig -p | grep -q libharfbuzz-subset.so.0; then
  echo "ensure-pdf-libs: installing Pango and HarfBuzz from Debian's packages…" >&2
  as_root apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >&2
fi
