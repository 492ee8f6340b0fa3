#!/usr/bin/env bash
# The AI gateway's benchmark: the hub's OpenAI-compatible POST /v1/chat/completions in front of a
# fake OpenAI provider, against calling that provider directly, side by side in one run, at 16 and
# 64 concurrent clients, for each provider latency given; then embeddings per second of the
# in-process model. A 20 ms provider keeps this 2-core machine (hub, fake and clients) saturated; 250 ms
# is nearer a real model's answer and a light load, but its fixed latency keeps the clients in lockstep.
#   bash bench/ai.sh [SECONDS_PER_ROUND=10] [ROUNDS=2] [PROVIDER_LATENCY_MS=20,250]
# BENCH_CLIENTS sets the numbers of concurrent clients (default 16,64; 1 shows the hub's own time
# per request, without queueing). BENCH_HUB_ARGS adds arguments to the hub, BENCH_JAVA_OPTS options
# to its JVM (a flight recording: BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=hub.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-2}
LATENCY=${3:-20,250}
PORT=${BENCH_PORT:-8092}
FAKE_PORT=${BENCH_FAKE_PORT:-8093}
KAFKA_PORT=${BENCH_KAFKA_PORT:-19194}
JAR=$(ls target/auterity-hub-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$JAR" ]; then
  mvn -B -q -DskipTests package
  JAR=$(ls target/auterity-hub-*.jar | grep -v original | head -n 1)
fi
WORK=$(mktemp -d)
trap 'kill $HUB 2>/dev/null || true; wait $HUB 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASSWORD=bench-admin-password

java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --hub.data-dir="$WORK/data" \
  --hub.security.admin-password="$PASSWORD" \
  --hub.messaging.broker.port="$KAFKA_PORT" --hub.messaging.broker.controller-port="$((KAFKA_PORT + 1))" \
  --logging.level.com.auterity.hub.access=WARN ${BENCH_HUB_ARGS:-} > "$WORK/hub.log" 2>&1 &
HUB=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 1
done
javac -d "$WORK/bench" bench/HubProcess.java bench/AiGatewayBench.java
java -cp "$WORK/bench" AiGatewayBench "http://127.0.0.1:$PORT" "$PASSWORD" "$FAKE_PORT" "$SECONDS_PER_ROUND" "$ROUNDS" "$LATENCY" "$HUB" "${BENCH_CLIENTS:-16,64}"
