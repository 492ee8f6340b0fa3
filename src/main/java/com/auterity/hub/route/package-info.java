/**
 * Camel routes written by people: the YAML files in {@code routes/}, loaded at start (and reloaded
 * on change in the dev profile), and the inventory of every route the hub runs.
 */
package com.auterity.hub.route;
