/**
 * Connectors to external systems: the catalogue of Kamelets ({@code connectors/} ahead of the Camel
 * Kamelet catalogue), the Integration Controller's connections (secrets encrypted at rest, tested
 * with a real round trip), and the workflow node types that run a connector through a connection.
 */
package com.auterity.hub.connector;
