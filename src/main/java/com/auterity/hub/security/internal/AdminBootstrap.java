package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import com.auterity.hub.security.SecurityProperties;
import com.auterity.hub.shared.HubProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the user {@code admin} at first start, with {@code HUB_ADMIN_PASSWORD}, or else a random
 * password written once to {@code <data dir>/initial-admin-password} (owner-only). The password
 * itself is never logged. Once the user exists, this does nothing.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final PasswordEncoder encoder;
    private final SecurityProperties properties;
    private final HubProperties hub;

    AdminBootstrap(
            Users users,
            PasswordEncoder encoder,
            SecurityProperties properties,
            HubProperties hub) {
        this.users = users;
        this.encoder = encoder;
        this.properties = properties;
        this.hub = hub;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.findByUsername(ADMIN).isPresent()) {
            return;
        }
        String password = properties.adminPassword();
        if (password == null || password.isBlank()) {
            password = SecretFiles.random(18);
            Path file = hub.dataDir().resolve("initial-admin-password");
            try {
                SecretFiles.writeOwnerOnly(file, password);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot write the initial admin password to " + file, e);
            }
            log.warn(
                    "Created user 'admin' with a generated password, written to {} (readable by its owner only)",
                    file.toAbsolutePath());
        } else {
            log.info("Created user 'admin' with the password from HUB_ADMIN_PASSWORD");
        }
        users.create(ADMIN, encoder.encode(password), Set.of(Role.ADMIN));
    }
}
