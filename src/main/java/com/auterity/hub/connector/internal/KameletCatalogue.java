package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.Connector;
import com.auterity.hub.connector.ConnectorCatalogue;
import com.auterity.hub.connector.ConnectorProperties;
import com.auterity.hub.shared.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the Kamelets of {@code hub.connector.dir} and of the camel-kamelets jar into {@link
 * Connector}s. The catalogue jar is read once; the folder again whenever a file in it was added,
 * removed or changed, so a new connector is listed without a restart.
 */
@Component
class KameletCatalogue implements ConnectorCatalogue {

    static final String SUFFIX = ".kamelet.yaml";
    static final String TYPE_LABEL = "camel.apache.org/kamelet.type";

    /** The Kamelet annotation that says how a connection to the connector is tested. */
    static final String CONNECTION_TEST = "hub.auterity.com/connection-test";

    private static final Logger log = LoggerFactory.getLogger(KameletCatalogue.class);

    private final Path dir;
    private volatile List<Connector> catalogue;
    private volatile Cached hub = new Cached("", List.of());

    private record Cached(String fingerprint, List<Connector> connectors) {}

    KameletCatalogue(ConnectorProperties properties) {
        this.dir = Path.of(properties.dir());
    }

    @Override
    public List<Connector> list() {
        List<Connector> own = hub();
        Set<String> shadowed = own.stream().map(Connector::name).collect(Collectors.toSet());
        List<Connector> all = new ArrayList<>(own);
        catalogue().stream().filter(c -> !shadowed.contains(c.name())).forEach(all::add);
        return all;
    }

    @Override
    public Optional<Connector> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<Connector> own = hub().stream().filter(c -> c.name().equals(name)).findFirst();
        return own.isPresent()
                ? own
                : catalogue().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Override
    public Connector get(String name) {
        return find(name).orElseThrow(() -> ServiceError.notFound("Connector", name));
    }

    /** The hub's own connectors, read again when the folder changed. */
    List<Connector> hub() {
        String fingerprint = fingerprint();
        Cached cached = hub;
        if (!cached.fingerprint().equals(fingerprint)) {
            synchronized (this) {
                if (!hub.fingerprint().equals(fingerprint)) {
                    hub = new Cached(fingerprint, readFolder());
                }
                cached = hub;
            }
        }
        return cached.connectors();
    }

    private List<Connector> catalogue() {
        List<Connector> read = catalogue;
        if (read == null) {
            synchronized (this) {
                if (catalogue == null) {
                    catalogue = readCatalogue();
                }
                read = catalogue;
            }
        }
        return read;
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private String fingerprint() {
        StringBuilder text = new StringBuilder();
        for (Path file : files()) {
            try {
                text.append(file.getFileName())
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append(':')
                        .append(Files.size(file))
                        .append(';');
            } catch (IOException e) {
                text.append(file.getFileName()).append(":gone;");
            }
        }
        return text.toString();
    }

    private List<Connector> readFolder() {
        List<Connector> connectors = new ArrayList<>();
        for (Path file : files()) {
            try (InputStream in = Files.newInputStream(file)) {
                read(in, Connector.HUB).ifPresent(connectors::add);
            } catch (IOException | RuntimeException e) {
                log.warn("Connector file {} cannot be read: {}", file, e.getMessage());
            }
        }
        connectors.sort(Comparator.comparing(Connector::name));
        return List.copyOf(connectors);
    }

    private static List<Connector> readCatalogue() {
        List<Connector> connectors = new ArrayList<>();
        try {
            Resource[] resources =
                    new PathMatchingResourcePatternResolver()
                            .getResources("classpath*:kamelets/*" + SUFFIX);
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    read(in, Connector.CATALOGUE).ifPresent(connectors::add);
                } catch (IOException | RuntimeException e) {
                    log.warn("Kamelet {} cannot be read: {}", resource, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Kamelet catalogue", e);
        }
        connectors.sort(Comparator.comparing(Connector::name));
        return List.copyOf(connectors);
    }

    /** The connector a Kamelet document describes, or empty when it is not a Kamelet. */
    static Optional<Connector> read(InputStream in, String source) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (!(document instanceof Map<?, ?> kamelet) || !"Kamelet".equals(kamelet.get("kind"))) {
            return Optional.empty();
        }
        Map<?, ?> metadata = map(kamelet.get("metadata"));
        String name = text(metadata.get("name"));
        if (name == null) {
            return Optional.empty();
        }
        Map<?, ?> definition = map(map(kamelet.get("spec")).get("definition"));
        String type = text(map(metadata.get("labels")).get(TYPE_LABEL));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (definition.get("required") instanceof List<?> required) {
            schema.put("required", required.stream().map(String::valueOf).toList());
        } else {
            schema.put("required", List.of());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        map(definition.get("properties"))
                .forEach(
                        (key, value) -> {
                            Map<String, Object> property = new LinkedHashMap<>();
                            map(value)
                                    .forEach(
                                            (k, v) -> {
                                                // UI hints of the catalogue, of no use to a client
                                                if (!"x-descriptors".equals(k)) {
                                                    property.put(String.valueOf(k), v);
                                                }
                                            });
                            properties.put(String.valueOf(key), property);
                        });
        schema.put("properties", properties);
        return Optional.of(
                new Connector(
                        name,
                        type,
                        text(definition.get("title")),
                        text(definition.get("description")),
                        source,
                        schema,
                        text(map(metadata.get("annotations")).get(CONNECTION_TEST))));
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).strip();
    }
}
