package com.auterity.hub.connector.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The SMTP server's 220 greeting read, then QUIT: the server is there and speaks SMTP. */
@Component
class SmtpTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("smtp");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout)
            throws IOException {
        URI uri = URI.create(target);
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 25 : uri.getPort()),
                    (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("220")) {
                throw new IOException("the server did not greet as an SMTP server: " + greeting);
            }
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
