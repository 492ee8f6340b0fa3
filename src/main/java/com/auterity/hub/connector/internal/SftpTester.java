package com.auterity.hub.connector.internal;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Logs in to {@code sftp://host:port/directory} over SSH with the connection's user name and
 * password, opens an SFTP channel and lists the directory (which must exist). JSch, the library of
 * the SFTP connector, with the same known hosts line as the connector's template ({@code hostKey}
 * for the host on port 22 and on its port) and the same {@code strictHostKeyChecking}, so a
 * connection passes its test exactly when the connector can log in. When the server's host key is
 * refused, the failure names the key the server presented, so that whoever checked its fingerprint
 * can set {@code hostKey} to it.
 */
@Component
class SftpTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("sftp");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout) throws Exception {
        URI uri = URI.create(target);
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 22 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String directory = path.startsWith("/") ? path.substring(1) : path;
        String username = values.getOrDefault("username", "");
        String password = values.get("password");
        String expectedKey = values.get("hostKey");
        boolean strict = !"no".equals(values.getOrDefault("strictHostKeyChecking", "yes"));

        JSch jsch = new JSch();
        String line =
                host + ",[" + host + "]:" + port + " " + (expectedKey == null ? "" : expectedKey);
        jsch.setKnownHosts(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)));
        Presented presented = new Presented(jsch.getHostKeyRepository());
        jsch.setHostKeyRepository(presented);

        int millis = (int) timeout.toMillis();
        Session session = jsch.getSession(username, host, port);
        if (password != null) {
            session.setPassword(password);
        }
        session.setUserInfo(new Login(password));
        session.setConfig("StrictHostKeyChecking", strict ? "yes" : "no");
        session.setTimeout(millis);
        try {
            try {
                session.connect(millis);
            } catch (JSchException e) {
                throw explained(e, username, expectedKey, presented, jsch);
            }
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(millis);
            try {
                String listed = directory.isEmpty() ? "." : directory;
                try {
                    if (!sftp.stat(listed).isDir()) {
                        throw new IOException("'" + listed + "' is not a directory");
                    }
                    sftp.ls(listed);
                } catch (SftpException e) {
                    throw new IOException(
                            "the directory '"
                                    + listed
                                    + "' cannot be listed as user '"
                                    + username
                                    + "': "
                                    + e.getMessage());
                }
            } finally {
                sftp.disconnect();
            }
        } finally {
            session.disconnect();
        }
    }

    /** A login or host key failure said in words, with what to do; others as they are. */
    private static Exception explained(
            JSchException e, String username, String expectedKey, Presented presented, JSch jsch) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new IOException(
                    "the server refused the login of user '"
                            + username
                            + "': wrong user name or password ("
                            + message
                            + ")");
        }
        boolean keyRefused =
                message.startsWith("reject HostKey")
                        || message.startsWith("UnknownHostKey")
                        || message.startsWith("HostKey has been changed");
        if (keyRefused && presented.key != null) {
            HostKey key = presented.key;
            String shown = key.getType() + " " + key.getKey();
            return new IOException(
                    (expectedKey == null || expectedKey.isBlank()
                                    ? "the connection has no hostKey and strictHostKeyChecking"
                                            + " is yes"
                                    : "the server's host key is not the connection's hostKey")
                            + ": the server presented "
                            + shown
                            + " (fingerprint "
                            + key.getFingerPrint(jsch)
                            + "); if that fingerprint is the server's (ask its administrator),"
                            + " set hostKey to that key");
        }
        return e;
    }

    /** Answers keyboard-interactive prompts with the password, as the SFTP component does. */
    private record Login(String password) implements UserInfo, UIKeyboardInteractive {

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public boolean promptPassword(String message) {
            return password != null;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            // never accept an unknown or changed host key on a prompt
            return false;
        }

        @Override
        public void showMessage(String message) {}

        @Override
        public String[] promptKeyboardInteractive(
                String destination,
                String name,
                String instruction,
                String[] prompt,
                boolean[] echo) {
            return password == null ? new String[0] : new String[] {password};
        }
    }

    /** The known hosts of the connection, remembering the key the server presented. */
    private static final class Presented implements HostKeyRepository {

        private final HostKeyRepository known;
        private volatile HostKey key;

        Presented(HostKeyRepository known) {
            this.known = known;
        }

        @Override
        public int check(String host, byte[] presented) {
            try {
                key = new HostKey(host, presented);
            } catch (JSchException e) {
                key = null;
            }
            return known.check(host, presented);
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // the connection's key is the only one trusted: nothing is learnt on the way
        }

        @Override
        public void remove(String host, String type) {}

        @Override
        public void remove(String host, String type, byte[] key) {}

        @Override
        public String getKnownHostsRepositoryID() {
            return known.getKnownHostsRepositoryID();
        }

        @Override
        public HostKey[] getHostKey() {
            return known.getHostKey();
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return known.getHostKey(host, type);
        }
    }
}
