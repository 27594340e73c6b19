#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser tests (no browser download of its own):
# installs the chromium package and fonts where missing, and prints the binary's path.
set -euo pipefail
log() { echo "ensure-chromium: $*" >&2; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x /usr/bin/chromium ]]; then
  log "installing Chromium from Debian's packages…"
  as_root apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core fonts-liberation >&2
fi
echo /usr/bin/chromium
