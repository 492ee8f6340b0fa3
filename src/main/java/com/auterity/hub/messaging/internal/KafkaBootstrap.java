package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessagingProperties;
import com.auterity.hub.shared.HubProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Where the hub's Kafka is: the external cluster of {@code KAFKA_BOOTSTRAP_SERVERS}, or else a
 * broker of the hub's own, started here, in-process: KRaft, one node that is broker and controller,
 * its log in {@code <hub.data-dir>/kafka} (formatted on the first start, kept across restarts).
 *
 * <p>The broker starts while the beans are created, so it is up before the Camel context starts any
 * {@code kafka:} consumer, and it stops after Camel has stopped (beans are destroyed after the
 * lifecycle has stopped).
 */
@Component
class KafkaBootstrap implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaBootstrap.class);
    private static final String CONTROLLER = "CONTROLLER";

    private final MessagingProperties.Broker settings;
    private final Path dir;
    private final String external;
    private KafkaRaftServer broker;
    private long startupMillis;

    KafkaBootstrap(MessagingProperties properties, HubProperties hub) {
        this.settings = properties.broker();
        this.dir = hub.dataDir().resolve("kafka").toAbsolutePath();
        this.external = properties.embedded() ? null : properties.bootstrapServers().strip();
        if (external != null) {
            log.info("Message queue on the external Kafka cluster at {}", external);
        } else if (!settings.lazy()) {
            start();
        }
    }

    /** The bootstrap servers that clients connect to; starts a lazy broker on first use. */
    String servers() {
        if (external != null) {
            return external;
        }
        start();
        return settings.host() + ":" + settings.port();
    }

    boolean embedded() {
        return external == null;
    }

    /** How long the embedded broker took to start, in ms (0 until it has started). */
    synchronized long startupMillis() {
        return startupMillis;
    }

    private synchronized void start() {
        if (broker != null) {
            return;
        }
        long started = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(settings, dir));
        format(dir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        // returns once the broker is registered with its controller and unfenced: ready for clients
        server.startup();
        this.broker = server;
        this.startupMillis = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "Embedded Kafka broker (KRaft) listening on {}:{}, data in {}, started in {} ms",
                settings.host(),
                settings.port(),
                dir,
                startupMillis);
    }

    /** A new admin client on the hub's Kafka; the caller closes it. */
    Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    @Override
    public synchronized void destroy() {
        if (broker != null) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    private static Properties brokerProperties(MessagingProperties.Broker settings, Path dir) {
        String host = settings.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + settings.controllerPort());
        p.put(
                "listeners",
                "PLAINTEXT://"
                        + host
                        + ":"
                        + settings.port()
                        + ","
                        + CONTROLLER
                        + "://"
                        + host
                        + ":"
                        + settings.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.port());
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", Integer.toString(settings.partitions()));
        p.put("auto.create.topics.enable", "true");
        // one node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        // a group that forms is not waiting for members that will never come
        p.put("group.initial.rebalance.delay.ms", "0");
        // unfenced (ready) sooner after a start: the broker's first heartbeats come faster
        p.put("broker.heartbeat.interval.ms", "500");
        // after a kill the controller waits for the old registration's session to expire before
        // the restarted broker may register: keep that wait short (default 9 s)
        p.put("broker.session.timeout.ms", "3000");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        return p;
    }

    /** Formats the log directory on the first start; later starts find it formatted. */
    private static void format(Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + dir, e);
        }
    }
}
