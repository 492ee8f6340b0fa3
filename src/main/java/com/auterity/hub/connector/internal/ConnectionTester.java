package com.auterity.hub.connector.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A connectivity test for the connectors whose test target (the Kamelet annotation {@value
 * KameletCatalogue#CONNECTION_TEST}, with the connection's values filled in) has one of {@link
 * #schemes()}: a real round trip to the system within {@code timeout}. Beans, collected by scheme.
 */
interface ConnectionTester {

    List<String> schemes();

    /**
     * Connects to {@code target} with the connection's {@code values} (config, secrets and
     * defaults); returns normally when the system answered as it should, throws otherwise.
     */
    void test(String target, Map<String, String> values, Duration timeout) throws Exception;
}
