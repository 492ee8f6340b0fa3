package com.auterity.hub.connector;

import static com.auterity.hub.support.ExternalServices.HOST;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SFTP connector end to end against a real SFTP server in the test JVM (Apache MINA SSHD on a
 * loopback port, password login, a temporary directory as the file system's root): a workflow's
 * {@code sftp-sink} nodes write the payload as files into the connection's directory, under a fixed
 * name or a generated one; the connection's test (SSH login and a listing of the directory) refuses
 * a wrong password and an unknown host key with a clear 422 naming the connection; a file name that
 * could leave the directory is refused when the workflow is created.
 */
class SftpConnectorIntegrationTest extends HubIntegrationTest {

    /** Characters that would break a URI or naive quoting; the Kamelet refuses ')' and '}'. */
    static final String SFTP_PASSWORD = "Sf&tp#pa+ss %20=?'x";

    static final String SFTP_USER = "hub-sftp";

    private static SshServer sftp;
    private static Path root;
    private static String hostKey;

    @BeforeAll
    static void startSftp() throws IOException {
        root = Files.createTempDirectory("hub-it-sftp");
        Files.createDirectories(root.resolve("outbox"));
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost(HOST);
        sftp.setPort(0);
        sftp.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        sftp.setPasswordAuthenticator(
                (user, password, session) ->
                        SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sftp.start();
        try {
            KeyPair key = sftp.getKeyPairProvider().loadKeys(null).iterator().next();
            hostKey = PublicKeyEntry.toString(key.getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopSftp() throws IOException {
        sftp.stop(true);
    }

    private static Map<String, Object> connection(
            String name, String password, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("host", HOST);
        config.put("port", sftp.getPort());
        config.put("username", SFTP_USER);
        config.put("directory", "outbox");
        config.put("hostKey", hostKey);
        config.putAll(extra);
        config.values().removeIf(v -> v == null || "".equals(v));
        return Map.of(
                "name",
                name,
                "connector",
                "sftp-sink",
                "config",
                config,
                "secrets",
                Map.of("password", password));
    }

    private String target() {
        return "sftp://" + HOST + ":" + sftp.getPort() + "/outbox";
    }

    @Test
    void sftpSinkNodesWriteThePayloadAsFilesIntoTheConnectionsDirectory() throws Exception {
        String name = unique("conn-sftp");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, SFTP_PASSWORD, Map.of()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).get("status").asText()).isEqualTo("ok");
        assertThat(body(created).at("/test/target").asText()).isEqualTo(target());
        String id = unique("sftp");
        String fixed = "order-" + id + ".json";
        String prefix = "orders-" + id;
        createWorkflow(
                id,
                linear(
                        node("drop", "sftp-sink", Map.of("connection", name, "fileName", fixed)),
                        node(
                                "archive",
                                "connector",
                                Map.of(
                                        "connector",
                                        "sftp-sink",
                                        "connection",
                                        name,
                                        "filePrefix",
                                        prefix))));

        JsonNode execution = executeWorkflow(id, Map.of("order", 7, "customer", "dana"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        JsonNode payload = json.readTree("{\"order\":7,\"customer\":\"dana\"}");
        // a sink passes the message on unchanged
        assertThat(execution.get("results")).isEqualTo(payload);
        Path outbox = root.resolve("outbox");
        assertThat(json.readTree(Files.readString(outbox.resolve(fixed)))).isEqualTo(payload);
        List<Path> generated;
        try (Stream<Path> files = Files.list(outbox)) {
            generated =
                    files.filter(f -> f.getFileName().toString().startsWith(prefix + "-")).toList();
        }
        assertThat(generated).hasSize(1);
        assertThat(generated.get(0).getFileName().toString())
                .matches(
                        java.util.regex.Pattern.quote(prefix)
                                + "-\\d{8}-\\d{6}-[A-Za-z0-9-]+\\.json");
        assertThat(json.readTree(Files.readString(generated.get(0)))).isEqualTo(payload);
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                .doesNotContain("Sf&tp")
                .contains("password={{connection:" + name + "/password}}");
    }

    @Test
    void aWrongSftpPasswordIsAClearErrorNamingTheConnection() {
        String name = unique("conn-sftp-wrong");

        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, "not-the-password", Map.of()));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .startsWith(
                        "Connection '"
                                + name
                                + "' (sftp-sink) failed its test against "
                                + target()
                                + ": the server refused the login of user '"
                                + SFTP_USER
                                + "': wrong user name or password")
                .doesNotContain("not-the-password")
                .doesNotContain("Exception");
        assertThat(error.at("/details/connection").asText()).isEqualTo(name);
        assertThat(asAdmin("GET", "/api/v1/integrations/connections/" + name, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMissingDirectoryFailsTheConnectionsTest() {
        String name = unique("conn-sftp-nodir");

        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, SFTP_PASSWORD, Map.of("directory", "no-such-dir")));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .contains("the directory 'no-such-dir' cannot be listed as user '" + SFTP_USER);
    }

    @Test
    void anUnknownHostKeyIsRefusedAndTheKeyTheServerPresentedIsShown() throws Exception {
        // no hostKey: strict checking (the default) refuses the server, and says which key it had
        String missing = unique("conn-sftp-nokey");
        var noKey =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(missing, SFTP_PASSWORD, Map.of("hostKey", "")));
        JsonNode error = assertError(noKey, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .contains("the connection has no hostKey and strictHostKeyChecking is yes")
                .contains("the server presented " + hostKey);

        // another server's key: refused the same way (what a man in the middle would present)
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String otherKey = PublicKeyEntry.toString(generator.generateKeyPair().getPublic());
        String wrong = unique("conn-sftp-otherkey");
        var otherServer =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(wrong, SFTP_PASSWORD, Map.of("hostKey", otherKey)));
        assertThat(assertError(otherServer, 422, "CONNECTION_TEST_FAILED").get("message").asText())
                .contains("the server's host key is not the connection's hostKey")
                .contains("the server presented " + hostKey);

        // switched off explicitly, any key is accepted
        String unchecked = unique("conn-sftp-unchecked");
        var accepted =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(
                                unchecked,
                                SFTP_PASSWORD,
                                Map.of("hostKey", "", "strictHostKeyChecking", "no")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void theConnectorItselfRefusesAServerWithAnotherHostKey() throws Exception {
        // stored untested, so only the connector's own check stands between the hub and a server
        // that presents another key than the connection's (a man in the middle)
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String otherKey = PublicKeyEntry.toString(generator.generateKeyPair().getPublic());
        String name = unique("conn-sftp-mitm");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections?test=false",
                        connection(name, SFTP_PASSWORD, Map.of("hostKey", otherKey)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = unique("sftp-mitm");
        String fileName = "mitm-" + id + ".json";
        createWorkflow(
                id,
                linear(
                        node(
                                "drop",
                                "sftp-sink",
                                Map.of("connection", name, "fileName", fileName))));

        JsonNode execution = executeWorkflow(id, Map.of("order", 8));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        // refused by JSch's host key check, before the password was sent
        assertThat(execution.toString()).contains("reject HostKey");
        assertThat(root.resolve("outbox").resolve(fileName)).doesNotExist();
    }

    @Test
    void aFileNameThatCouldLeaveTheDirectoryIsRefusedWhenTheWorkflowIsCreated() throws Exception {
        String name = unique("conn-sftp-names");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, SFTP_PASSWORD, Map.of()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Map<String, String> refusals =
                Map.of(
                        "../../etc/cron.d/evil", "'fileName' must not contain '..'",
                        "..", "'fileName' must not contain '..'",
                        "/etc/passwd", "'fileName' must be a file name, not an absolute path",
                        "sub/dir.json", "'fileName' must be a file name without a directory",
                        "${header.CamelFileName}", "'fileName' must not contain '${'",
                        ".hidden", "'fileName' must match");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            var response =
                    asAdmin(
                            "POST",
                            "/api/v1/workflows",
                            withId(
                                    linear(
                                            node(
                                                    "drop",
                                                    "sftp-sink",
                                                    Map.of(
                                                            "connection",
                                                            name,
                                                            "fileName",
                                                            refusal.getKey()))),
                                    unique("sftp-bad")));

            JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
            assertThat(error.get("details").toString())
                    .as("fileName %s", refusal.getKey())
                    .contains(refusal.getValue());
        }

        // nor can a connection's directory leave the login directory
        var outside =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(
                                unique("conn-sftp-up"),
                                SFTP_PASSWORD,
                                Map.of("directory", "outbox/../../etc")));
        JsonNode invalid = assertError(outside, 400, "VALIDATION_FAILED");
        assertThat(invalid.get("details").toString())
                .contains("config.directory")
                .contains("must not contain '..'");
    }
}
