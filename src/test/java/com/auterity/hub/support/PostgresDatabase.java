package com.auterity.hub.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The PostgreSQL server of the machine (127.0.0.1:5432, trust auth), and a database made fresh for
 * one test run. In CI ({@code CI} set) a missing server fails the run; elsewhere it skips.
 */
public final class PostgresDatabase {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";

    private static String url;

    private PostgresDatabase() {}

    /**
     * Fails (in CI) or skips a test class when PostgreSQL is not there, before its context starts.
     */
    public static final class Required implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            require();
        }
    }

    /** Points the hub at the fresh database, made once per test run. */
    public static final class Initializer
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "spring.datasource.url=" + database(),
                            "spring.datasource.username=" + USER,
                            "spring.datasource.password=",
                            "hub.security.admin-password=postgres-admin-password")
                    .applyTo(context);
        }
    }

    private static synchronized String database() {
        if (url == null) {
            // a name of its own per checkout, so that two checkouts can run their tests at once
            String name = System.getenv().getOrDefault("HUB_IT_DATABASE", "hub_it");
            url = fresh(name);
        }
        return url;
    }

    public static void require() {
        try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            // reachable
        } catch (SQLException e) {
            if (System.getenv("CI") != null) {
                fail("PostgreSQL must be running on 127.0.0.1:5432 in CI: " + e.getMessage());
            }
            assumeTrue(false, "PostgreSQL is not running on 127.0.0.1:5432: " + e.getMessage());
        }
    }

    /** Drops and creates database {@code name}; returns its JDBC URL. */
    public static String fresh(String name) {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + name);
            return SERVER + name;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    public static String user() {
        return USER;
    }
}
