package com.auterity.hub.route.internal;

import com.auterity.hub.route.RouteProperties;
import com.auterity.hub.shared.CamelRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads every {@code *.camel.yaml} file of {@code hub.routes.dir} once Camel has started, one file
 * at a time: a file that does not parse, or whose routes lack a kebab-case id or a description, is
 * reported (log and {@code GET /api/v1/routes/files}) and skipped, and the hub stays up.
 */
@Component
public class RouteFiles implements CamelContextConfiguration {

    /** What became of one file. */
    public record FileStatus(String file, boolean loaded, List<String> routes, String error) {}

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Path dir;
    private final List<FileStatus> statuses = new CopyOnWriteArrayList<>();

    RouteFiles(RouteProperties properties) {
        this.dir = Path.of(properties.dir());
    }

    public List<FileStatus> statuses() {
        return List.copyOf(statuses);
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {}

    @Override
    public void afterApplicationStart(CamelContext context) {
        if (!Files.isDirectory(dir)) {
            log.info("No route folder at {}; no route files loaded", dir.toAbsolutePath());
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml"))
                    .sorted()
                    .forEach(f -> statuses.add(load(context, f)));
        } catch (IOException e) {
            log.error("Cannot list the route folder {}", dir.toAbsolutePath(), e);
        }
    }

    private FileStatus load(CamelContext context, Path file) {
        String name = file.getFileName().toString();
        try {
            var resource = ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath());
            List<String> ids = new ArrayList<>();
            var loader = PluginHelper.getRoutesLoader(context);
            for (RoutesBuilder builder : loader.findRoutesBuilders(resource)) {
                if (builder instanceof RouteBuilder routes) {
                    for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
                        ids.add(check(route));
                    }
                }
            }
            // added from a fresh parse: a builder configured for the check above would no longer
            // pick up the route configurations of the file
            CamelRoutes.add(context, loader.findRoutesBuilders(resource));
            log.info("Loaded route file {}: routes {}", name, ids);
            return new FileStatus(name, true, ids, null);
        } catch (Exception e) {
            String reason = rootMessage(e);
            log.error("Route file {} was not loaded: {}", name, reason);
            return new FileStatus(name, false, List.of(), reason);
        }
    }

    private static String check(RouteDefinition route) {
        String id = route.getId();
        if (id == null || !KEBAB.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "every route needs an id in kebab-case (found "
                            + (id == null ? "none" : "'" + id + "'")
                            + ")");
        }
        if (route.getDescription() == null || route.getDescription().isBlank()) {
            throw new IllegalArgumentException("route '" + id + "' needs a description");
        }
        return id;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + ": " + message;
    }
}
