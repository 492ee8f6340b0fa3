package com.auterity.hub.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The services of this machine that the connector tests talk to (see .ci/run, which starts them).
 * In CI ({@code CI} set) a missing service fails the test; elsewhere it skips it.
 */
public final class ExternalServices {

    public static final String HOST = "127.0.0.1";
    public static final int MARIADB = 3306;
    public static final int POSTGRESQL = 5432;
    public static final int RABBITMQ = 5672;
    public static final int MOSQUITTO = 1883;
    public static final int REDIS = 6379;

    private ExternalServices() {}

    /** Fails (in CI) or skips the calling test when nothing listens on {@code port}. */
    public static void require(String service, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 2_000);
        } catch (IOException e) {
            if (System.getenv("CI") != null) {
                fail(service + " must be running on " + HOST + ":" + port + " in CI: " + e);
            }
            assumeTrue(false, service + " is not running on " + HOST + ":" + port);
        }
    }

    /**
     * Makes MariaDB database {@code database} and user {@code user} with {@code password}, who may
     * use only that database; as root, whose password is empty on this machine.
     */
    public static void mariadbUser(String database, String user, String password) {
        require("MariaDB", MARIADB);
        try (Connection root =
                        DriverManager.getConnection(
                                "jdbc:mariadb://" + HOST + ":" + MARIADB + "/test", "root", "");
                Statement sql = root.createStatement()) {
            sql.execute("CREATE DATABASE IF NOT EXISTS " + database);
            for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
                String account = "'" + user + "'@'" + host + "'";
                sql.execute("DROP USER IF EXISTS " + account);
                sql.execute(
                        "CREATE USER "
                                + account
                                + " IDENTIFIED BY '"
                                + password.replace("\\", "\\\\").replace("'", "''")
                                + "'");
                sql.execute("GRANT ALL PRIVILEGES ON " + database + ".* TO " + account);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare MariaDB for the test", e);
        }
    }

    /** Runs statements on a MariaDB database as root. */
    public static void mariadb(String database, String... statements) {
        try (Connection root =
                        DriverManager.getConnection(
                                "jdbc:mariadb://" + HOST + ":" + MARIADB + "/" + database,
                                "root",
                                "");
                Statement sql = root.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run SQL on MariaDB", e);
        }
    }
}
