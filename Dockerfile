# Auterity Hub container image.
#
#   docker build -t auterity-hub .
#   docker run -p 8000:8000 -e HUB_ADMIN_PASSWORD=... -v hub-data:/data auterity-hub
#
# docker-compose.yml at the top of the repo runs it with PostgreSQL, Kafka and Prometheus.

# ---------------------------------------------------------------------------------------------
# Build stage: the Spring Boot fat jar
# ---------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Resolve dependencies in a layer of their own, so that a change to src/ alone reuses it.
COPY pom.xml ./
RUN mvn -B dependency:go-offline

COPY src ./src
# One jar is expected (auterity-hub-<version>.jar; the glob leaves out the .jar.original).
RUN mvn -B -DskipTests package \
    && cp target/auterity-hub-*.jar /build/hub.jar

# ---------------------------------------------------------------------------------------------
# Runtime stage
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# curl for the HEALTHCHECK below: installed explicitly rather than relying on the base image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# Non-root user with a home of its own (the in-process embedding model unpacks its native
# tokenizer there). UID 10001: the Ubuntu base already has 'ubuntu' as 1000.
RUN groupadd --system --gid 10001 hub \
    && useradd --system --uid 10001 --gid hub --home-dir /home/hub --create-home \
       --shell /usr/sbin/nologin hub \
    && mkdir -p /data \
    && chown hub:hub /data

# The hub loads ./routes/*.camel.yaml and ./connectors/*.kamelet.yaml relative to its working
# dir. They stay owned by root: the hub reads them, it never writes them (they are trusted
# deployment input; mount your own over them to change what the hub runs).
WORKDIR /app
COPY --from=build /build/hub.jar /app/hub.jar
COPY routes/ /app/routes/
COPY connectors/ /app/connectors/

# HUB_CONNECTOR_DIR is set explicitly: with application.yml as of 618acfb, hub.connector.dir has
# no entry in the Environment, so camel.component.kamelet.location keeps a literal
# "${hub.connector.dir}" and no Kamelet from connectors/ resolves unless this variable is set.
ENV HUB_DATA_DIR=/data \
    HUB_ROUTES_DIR=/app/routes \
    HUB_CONNECTOR_DIR=/app/connectors \
    API_GATEWAY_PORT=8000

VOLUME ["/data"]
EXPOSE 8000

USER 10001:10001

# /actuator/health is the one open actuator endpoint; it answers 503 (curl -f fails) unless UP.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://localhost:${API_GATEWAY_PORT:-8000}/actuator/health" || exit 1

# Extra JVM flags: set JAVA_TOOL_OPTIONS (note that the JVM then prints one line that is not JSON).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-jar", "/app/hub.jar"]
