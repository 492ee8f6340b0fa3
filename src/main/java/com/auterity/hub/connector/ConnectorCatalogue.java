package com.auterity.hub.connector;

import java.util.List;
import java.util.Optional;

/**
 * The connectors the hub can run: the Kamelets of {@code hub.connector.dir} first, then those of
 * the Camel Kamelet catalogue that the folder does not shadow (the same order in which Camel's
 * {@code kamelet:} component finds them).
 */
public interface ConnectorCatalogue {

    /** Every connector, the hub's first, each group by name. */
    List<Connector> list();

    Optional<Connector> find(String name);

    /** The connector, or a 404 {@code NOT_FOUND} {@link com.auterity.hub.shared.ServiceError}. */
    Connector get(String name);
}
