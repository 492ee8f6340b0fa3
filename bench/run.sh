#!/usr/bin/env bash
# The workflow engine's benchmark: a webhook -> data-transform -> condition -> set -> webhook-response
# workflow against the same logic as a hand-written Camel route, side by side in one hub.
#   bash bench/run.sh [SECONDS_PER_ROUND=15] [ROUNDS=3] [CONCURRENCY=16]
# BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording: -XX:StartFlightRecording=filename=hub.jfr).
# BENCH_HUB_ARGS adds arguments to the hub, e.g. a PostgreSQL datasource:
#   BENCH_HUB_ARGS="--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/bench --spring.datasource.username=postgres"
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
ROUNDS=${2:-3}
CONCURRENCY=${3:-16}
PORT=${BENCH_PORT:-8090}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19196}
JAR=$(ls target/auterity-hub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$JAR" ]; then
  mvn -B -q -DskipTests package
  JAR=$(ls target/auterity-hub-*.jar | grep -v original | head -n 1)
fi
WORK=$(mktemp -d)
trap 'kill $HUB 2>/dev/null || true; wait $HUB 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASSWORD=bench-admin-password

# A fixed heap, as a server runs: with only -Xmx the heap G1 commits, and so the GC rate, differed
# up to 3x between runs of the same build (young generation 60 MB in one run, 590 MB in the next).
java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --hub.data-dir="$WORK/data" --hub.routes.dir=bench/routes \
  --hub.security.admin-password="$PASSWORD" --hub.workflow.workers="$CONCURRENCY" \
  --hub.messaging.broker.port="$KAFKA_PORT" --hub.messaging.broker.controller-port="$((KAFKA_PORT + 1))" \
  --logging.level.com.auterity.hub.access=WARN ${BENCH_HUB_ARGS:-} > "$WORK/hub.log" 2>&1 &
HUB=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 1
done
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/workflows" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d @bench/workflow.json > /dev/null
KEY=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/api-keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"bench","roles":["DEVELOPER"]}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

javac -d "$WORK/bench" bench/HubProcess.java bench/LoadTest.java
java -cp "$WORK/bench" LoadTest "http://127.0.0.1:$PORT" "$KEY" "$SECONDS_PER_ROUND" "$ROUNDS" "$CONCURRENCY" "$HUB"

RECORDS=$(curl -sf "http://127.0.0.1:$PORT/api/v1/executions?workflow_id=bench-score&limit=1" -H "Authorization: Bearer $TOKEN" | grep -c execution_id || true)
echo "execution records kept: $([ "$RECORDS" -gt 0 ] && echo yes || echo NO)"
