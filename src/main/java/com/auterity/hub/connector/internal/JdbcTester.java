package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.JdbcPools;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * {@code SELECT 1} over a fresh JDBC connection (not the pool's, so that a wrong password shows at
 * once instead of after the pool's wait), with connect, socket and query timeouts.
 */
@Component
class JdbcTester implements ConnectionTester {

    private final JdbcPools pools;

    JdbcTester(JdbcPools pools) {
        this.pools = pools;
    }

    @Override
    public List<String> schemes() {
        return List.of("jdbc");
    }

    @Override
    public void test(String url, Map<String, String> values, Duration timeout) throws SQLException {
        String scheme = pools.checkUrl(url);
        long seconds = Math.max(1, timeout.toSeconds());
        Properties properties = new Properties();
        if (values.get("username") != null && !values.get("username").isEmpty()) {
            properties.setProperty("user", values.get("username"));
        }
        if (values.get("password") != null && !values.get("password").isEmpty()) {
            properties.setProperty("password", values.get("password"));
        }
        if (scheme.equals("postgresql")) {
            properties.setProperty("connectTimeout", Long.toString(seconds));
            properties.setProperty("socketTimeout", Long.toString(seconds));
            properties.setProperty("loginTimeout", Long.toString(seconds));
        } else {
            properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
            properties.setProperty("socketTimeout", Long.toString(timeout.toMillis()));
        }
        Driver driver = DriverManager.getDriver(url);
        try (Connection connection = driver.connect(url, properties)) {
            if (connection == null) {
                throw new SQLException("no JDBC driver of the hub accepts this URL");
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) seconds);
                try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                    if (!rows.next()) {
                        throw new SQLException("SELECT 1 returned no row");
                    }
                }
            }
        }
    }
}
