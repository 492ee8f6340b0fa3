/**
 * Connectors to external systems: Kamelets from {@code connectors/} (ahead of the Camel Kamelet
 * catalogue) and, with issue 4, the Integration Controller's connections.
 */
package com.auterity.hub.connector;
