package com.auterity.hub.shared;

import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Hub-wide settings.
 *
 * @param dataDir where the hub keeps its state: the embedded database, generated keys and the
 *     initial admin password ({@code HUB_DATA_DIR}, default {@code ./data})
 * @param cache the shared TTL cache
 */
@Validated
@ConfigurationProperties("hub")
public record HubProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Cache cache) {

    /**
     * @param maxSize most entries the shared cache holds before it evicts
     */
    public record Cache(@DefaultValue("10000") @Positive long maxSize) {}
}
