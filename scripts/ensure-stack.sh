#!/usr/bin/env bash
# Installs the production stack's system parts from Debian's packages where they are missing:
# Redis (the shared cache) and Varnish (the reverse-proxy cache). Neither is started as a
# service here: scripts/serve.py starts and stops its own instances.
set -euo pipefail
log() { echo "ensure-stack: $*" >&2; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v varnishd >/dev/null || [[ -x /usr/sbin/varnishd ]] || missing+=(varnish)
if ((${#missing[@]})); then
  log "installing ${missing[*]} from Debian's packages…"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
fi
