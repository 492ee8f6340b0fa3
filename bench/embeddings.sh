#!/usr/bin/env bash
# Embeddings per second of the cognitive engine's in-process model (all-MiniLM-L6-v2), without
# HTTP: the model load time, one text per call, and batches spread over the embedding threads.
#   bash bench/embeddings.sh [SECONDS_PER_MODE=10] [BATCH=32] [THREADS=one per core]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
java -Xmx1g -cp "target/classes:$(cat target/bench-classpath.txt)" bench/EmbeddingBench.java "$@" \
  2> >(grep -v -e '^SLF4J' -e 'INFO' >&2)
