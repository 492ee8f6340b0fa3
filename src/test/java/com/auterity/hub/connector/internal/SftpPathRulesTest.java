package com.auterity.hub.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.connector.Connector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sftp-sink connector's file name and directory, checked by the rules of its schema as the hub
 * checks a workflow node or a connection: nothing that could name a file outside the connection's
 * directory passes, and the reason is said in words.
 */
class SftpPathRulesTest {

    private static Connector sftpSink() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("connectors/sftp-sink.kamelet.yaml"))) {
            return KameletCatalogue.read(in, Connector.HUB).orElseThrow();
        }
    }

    @ParameterizedTest(name = "fileName {0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "OK",
            textBlock =
                    """
                    orders.json                | OK
                    order-7_2026.v2.json       | OK
                    ..                         | must not contain '..'
                    ../../etc/cron.d/evil      | must not contain '..'
                    a..b                       | must not contain '..'
                    /etc/passwd                | must be a file name, not an absolute path
                    C:evil.json                | must be a file name, not an absolute path
                    \\\\server\\share          | must be a file name, not an absolute path
                    out/evil.json              | must be a file name without a directory ('/' or '\\')
                    out\\evil.json             | must be a file name without a directory ('/' or '\\')
                    .                          | must be a file name, not '.' or empty
                    ${header.CamelFileName}    | must not contain '${'
                    .bashrc                    | must match ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$
                    a b.json                   | must match ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$
                    """)
    void aFileNameStaysInTheDirectory(String fileName, String expected) throws IOException {
        assertThat(PropertyRules.problem(sftpSink().properties().get("fileName"), fileName.strip()))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "directory {0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "OK",
            textBlock =
                    """
                    outbox                 | OK
                    outbox/orders-2026     | OK
                    /var/outbox            | must be relative to the login directory, not an absolute path
                    outbox/../../etc       | must not contain '..'
                    ..                     | must not contain '..'
                    outbox//orders         | must be names separated by single '/', without '.' steps or a trailing '/'
                    outbox/./orders        | must be names separated by single '/', without '.' steps or a trailing '/'
                    outbox/                | must be names separated by single '/', without '.' steps or a trailing '/'
                    """)
    void aDirectoryStaysBelowTheLoginDirectory(String directory, String expected)
            throws IOException {
        assertThat(
                        PropertyRules.problem(
                                sftpSink().properties().get("directory"), directory.strip()))
                .isEqualTo(expected);
    }
}
