package com.auterity.hub.connector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One HikariCP pool per database and credentials, so every workflow node and route that uses a
 * connection shares its pool, bounded by {@code MAX_CONNECTIONS}. Only the JDBC sub-protocols of
 * {@code hub.connector.jdbc-schemes} are opened: an embedded database's URL (H2's {@code INIT=},
 * say) would run code inside the hub.
 */
@Component
public class JdbcPools implements DisposableBean {

    private static final Pattern SCHEME = Pattern.compile("^jdbc:([a-z0-9]+):");

    /** The pools of the running hub, for {@link HubDataSource}s that Camel creates by class. */
    private static volatile JdbcPools current;

    private record Key(String url, String username, String password) {}

    private final Map<Key, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final int maxPoolSize;
    private final List<String> schemes;

    public JdbcPools(ConnectorProperties properties) {
        this.maxPoolSize = properties.maxConnections();
        this.schemes = properties.jdbcSchemes();
        current = this;
    }

    static JdbcPools current() {
        JdbcPools pools = current;
        if (pools == null) {
            throw new IllegalStateException("The hub's JDBC pools are not started");
        }
        return pools;
    }

    /** The JDBC URL's sub-protocol if the hub may open it; otherwise an exception saying why. */
    public String checkUrl(String url) {
        Matcher scheme = SCHEME.matcher(url == null ? "" : url.toLowerCase(Locale.ROOT));
        if (!scheme.find() || !schemes.contains(scheme.group(1))) {
            throw new IllegalArgumentException(
                    "the JDBC URL must start with jdbc:<one of " + schemes + ">:");
        }
        return scheme.group(1);
    }

    /** The shared pool for these credentials, made on first use. */
    public DataSource pool(String url, String username, String password) {
        checkUrl(url);
        Key key = new Key(url, username == null ? "" : username, password == null ? "" : password);
        return pools.computeIfAbsent(key, this::open);
    }

    /** Closes the pools of these credentials (a connection changed or was deleted). */
    public void evict(String url, String username, String password) {
        HikariDataSource pool =
                pools.remove(
                        new Key(
                                url,
                                username == null ? "" : username,
                                password == null ? "" : password));
        if (pool != null) {
            pool.close();
        }
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    private HikariDataSource open(Key key) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(
                "hub-connection-" + Integer.toHexString(Objects.hash(key.url(), key.username())));
        config.setJdbcUrl(key.url());
        if (!key.username().isEmpty()) {
            config.setUsername(key.username());
        }
        if (!key.password().isEmpty()) {
            config.setPassword(key.password());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        // the database may be down when a workflow is deployed: fail the call, not the deploy
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Override
    public void destroy() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        if (current == this) {
            current = null;
        }
    }
}
