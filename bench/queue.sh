#!/usr/bin/env bash
# The message queue's benchmark: REST publish -> topic -> kafka-triggered workflow (data-transform)
# -> execution records in the hub's database, side by side with a plain Kafka producer/consumer
# pair on the same in-process broker, in the same run.
#   bash bench/queue.sh [MESSAGES=5000] [CONCURRENCY=16]
# BENCH_HUB_ARGS adds arguments to the hub, e.g. a PostgreSQL datasource:
#   BENCH_HUB_ARGS="--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/bench --spring.datasource.username=postgres"
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-5000}
CONCURRENCY=${2:-16}
PORT=${BENCH_PORT:-8091}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19192}
JAR=$(ls target/auterity-hub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$JAR" ]; then
  mvn -B -q -DskipTests package
  JAR=$(ls target/auterity-hub-*.jar | grep -v original | head -n 1)
fi
WORK=$(mktemp -d)
trap 'kill $HUB 2>/dev/null || true; wait $HUB 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASSWORD=bench-admin-password
# the bench's own Kafka client and JSON library: the ones inside the hub's jar
mkdir -p "$WORK/lib"
unzip -q -j -o "$JAR" 'BOOT-INF/lib/kafka-clients-*.jar' 'BOOT-INF/lib/slf4j-api-*.jar' \
  'BOOT-INF/lib/jackson-databind-*.jar' 'BOOT-INF/lib/jackson-core-*.jar' 'BOOT-INF/lib/jackson-annotations-*.jar' -d "$WORK/lib"

java -Xmx1g -jar "$JAR" --server.port="$PORT" --hub.data-dir="$WORK/data" --hub.routes.dir=bench/routes \
  --hub.security.admin-password="$PASSWORD" --hub.workflow.workers="$CONCURRENCY" \
  --hub.messaging.broker.port="$KAFKA_PORT" --hub.messaging.broker.controller-port="$((KAFKA_PORT + 1))" \
  --logging.level.com.auterity.hub.access=WARN ${BENCH_HUB_ARGS:-} > "$WORK/hub.log" 2>&1 &
HUB=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 1
done
grep -o 'Embedded Kafka broker.*' "$WORK/hub.log" || true
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/workflows" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d @bench/queue-workflow.json > /dev/null
KEY=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/api-keys" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"bench","roles":["OPERATOR"]}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

java -cp "$WORK/lib/*" bench/QueueBench.java "http://127.0.0.1:$PORT" "$KEY" "127.0.0.1:$KAFKA_PORT" "$MESSAGES" "$CONCURRENCY"
