package com.auterity.hub.connector.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * The SMTP server greets and answers EHLO; with a {@code username} the connection logs in (SMTP
 * AUTH) with its password, so a wrong password fails the test. The same mail library as the mail
 * connector, so the test speaks to the server as the connector will.
 */
@Component
class SmtpTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("smtp");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout)
            throws MessagingException {
        URI uri = URI.create(target);
        String username = values.get("username");
        boolean login = username != null && !username.isEmpty();
        String millis = String.valueOf(timeout.toMillis());
        Properties settings = new Properties();
        settings.put("mail.smtp.connectiontimeout", millis);
        settings.put("mail.smtp.timeout", millis);
        settings.put("mail.smtp.writetimeout", millis);
        settings.put("mail.smtp.auth", String.valueOf(login));
        Session session = Session.getInstance(settings);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(
                    uri.getHost(),
                    uri.getPort() < 0 ? 25 : uri.getPort(),
                    login ? username : null,
                    login ? values.getOrDefault("password", "") : null);
        }
    }
}
