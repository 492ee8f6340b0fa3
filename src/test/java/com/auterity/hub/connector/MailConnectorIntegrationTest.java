package com.auterity.hub.connector;

import static com.auterity.hub.support.ExternalServices.HOST;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMTP mail connector end to end against a real SMTP server in the test JVM (GreenMail on a
 * loopback port, SMTP AUTH required): a workflow's {@code email} node sends the payload's text with
 * the credentials of a connection, and the connection's test logs in, so a wrong password is a
 * clear 422 naming the connection.
 */
class MailConnectorIntegrationTest extends HubIntegrationTest {

    /** Characters that would break a URI or naive quoting; the Kamelet refuses ')' and '}'. */
    static final String MAIL_PASSWORD = "Ma&il#pa+ss %20=?'x";

    static final String MAIL_USER = "hub-mailer";

    private static GreenMail smtp;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, HOST, "smtp").dynamicPort());
        smtp.start();
        smtp.setUser("hub@hub.test", MAIL_USER, MAIL_PASSWORD);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    private static int port() {
        return smtp.getSmtp().getPort();
    }

    private Map<String, Object> connection(String name, String password) {
        return Map.of(
                "name",
                name,
                "connector",
                "mail-sink",
                "config",
                Map.of("host", HOST, "port", port(), "username", MAIL_USER, "from", "hub@hub.test"),
                "secrets",
                Map.of("password", password));
    }

    @Test
    void anEmailNodeSendsThePayloadsTextWithTheConnectionsCredentials() throws Exception {
        String name = unique("conn-mail");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, MAIL_PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).get("status").asText()).isEqualTo("ok");
        String id = unique("mail");
        String subject = "Order " + id + " shipped";
        createWorkflow(
                id,
                linear(
                        node(
                                "notify",
                                "email",
                                Map.of(
                                        "connection",
                                        name,
                                        "to",
                                        "dana@customer.test,ops@customer.test",
                                        "subject",
                                        subject))));

        // a To or Subject in the payload must not steer the mail
        JsonNode execution =
                executeWorkflow(
                        id,
                        Map.of(
                                "text",
                                "Your order 7 is on its way.",
                                "To",
                                "attacker@evil.test",
                                "Subject",
                                "spoofed"));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] sent =
                Arrays.stream(smtp.getReceivedMessages())
                        .filter(m -> subjectOf(m).equals(subject))
                        .toArray(MimeMessage[]::new);
        // one copy per recipient, as an SMTP server delivers it
        assertThat(sent).hasSize(2);
        MimeMessage mail = sent[0];
        assertThat(mail.getFrom()[0].toString()).isEqualTo("hub@hub.test");
        assertThat(
                        Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                                .map(Object::toString))
                .containsExactly("dana@customer.test", "ops@customer.test");
        assertThat(String.valueOf(mail.getContent()).strip())
                .isEqualTo("Your order 7 is on its way.");
        assertThat(
                        Arrays.stream(smtp.getReceivedMessages())
                                .map(MailConnectorIntegrationTest::subjectOf))
                .doesNotContain("spoofed");
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body())
                .doesNotContain(MAIL_PASSWORD)
                .contains("password={{connection:" + name + "/password}}");
    }

    @Test
    void aWrongSmtpPasswordIsAClearErrorNamingTheConnection() {
        String name = unique("conn-mail-wrong");

        var refused =
                asAdmin(
                        "POST",
                        "/api/v1/integrations/connections",
                        connection(name, "not-the-password"));

        JsonNode error = assertError(refused, 422, "CONNECTION_TEST_FAILED");
        assertThat(error.get("message").asText())
                .startsWith(
                        "Connection '"
                                + name
                                + "' (mail-sink) failed its test against smtp://"
                                + HOST
                                + ":"
                                + port()
                                + ": ")
                .containsIgnoringCase("authentication")
                .doesNotContain("not-the-password")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(error.at("/details/connection").asText()).isEqualTo(name);
        assertThat(asAdmin("GET", "/api/v1/integrations/connections/" + name, null).statusCode())
                .isEqualTo(404);
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
