package com.auterity.hub.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of one test's own, a child process on a free port with its data in a temporary
 * directory, that the test may stop and start again (the machine's shared server stays untouched).
 * Root has an empty password over TCP. In CI ({@code CI} set) missing binaries fail the test;
 * elsewhere they skip it.
 */
public final class PrivateMariaDb implements AutoCloseable {

    private static final List<String> SEARCH =
            List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");

    private final Path dir;
    private final Path server;
    private final int port;
    private Process process;

    private PrivateMariaDb(Path dir, Path server, int port) {
        this.dir = dir;
        this.server = server;
        this.port = port;
    }

    /** Initialises a fresh data directory and starts the server on it. */
    public static PrivateMariaDb start() {
        Optional<Path> install = binary("mariadb-install-db");
        Optional<Path> server = binary("mariadbd");
        if (install.isEmpty() || server.isEmpty()) {
            String missing = "mariadbd and mariadb-install-db must be installed";
            if (System.getenv("CI") != null) {
                fail(missing + " in CI");
            }
            assumeTrue(false, missing);
        }
        try {
            Path dir = Files.createTempDirectory("hub-it-mariadb");
            Path log = dir.resolve("install.log");
            Process installing =
                    new ProcessBuilder(
                                    install.get().toString(),
                                    "--no-defaults",
                                    "--auth-root-authentication-method=normal",
                                    "--skip-test-db",
                                    "--datadir=" + dir.resolve("data"),
                                    "--user=" + System.getProperty("user.name"))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!installing.waitFor(60, TimeUnit.SECONDS) || installing.exitValue() != 0) {
                installing.destroyForcibly();
                throw new IllegalStateException(
                        "mariadb-install-db failed: " + Files.readString(log));
            }
            PrivateMariaDb db = new PrivateMariaDb(dir, server.get(), freePort());
            // a JVM that ends without the test's clean-up leaves no server behind
            Runtime.getRuntime().addShutdownHook(new Thread(db::kill, "private-mariadb-stop"));
            db.startServer();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line of the server; the same on every start, on the same data directory. */
    public List<String> command() {
        return List.of(
                server.toString(),
                "--no-defaults",
                "--datadir=" + dir.resolve("data"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"),
                "--log-error=" + dir.resolve("error.log"),
                "--user=" + System.getProperty("user.name"),
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=16M");
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public synchronized void startServer() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process =
                    new ProcessBuilder(command())
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(
                                            dir.resolve("console.log").toFile()))
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await("mariadbd accepting connections")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            if (!started.isAlive()) {
                                throw new IllegalStateException("mariadbd exited: " + errorLog());
                            }
                            try (Connection ignored = connect("mysql")) {
                                return true;
                            } catch (SQLException notYet) {
                                return false;
                            }
                        });
    }

    /** Stops the server as an outage would (SIGTERM, then SIGKILL) and waits until it is gone. */
    public synchronized void stopServer() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the port is free again once nothing listens there
        await("the port of the stopped mariadbd free again")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !listening());
        process = null;
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC connection as root to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?connectTimeout=2000",
                "root",
                "");
    }

    @Override
    public void close() {
        stopServer();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is no failure
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "(no error log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Optional<Path> binary(String name) {
        Stream<String> path =
                Stream.concat(
                        Stream.of(
                                System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        SEARCH.stream());
        return path.filter(p -> !p.isBlank())
                .map(p -> Path.of(p, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
