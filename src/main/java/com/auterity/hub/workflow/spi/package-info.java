/** What a node type implements: one class per type, found by the engine as a Spring bean. */
@NamedInterface("spi")
package com.auterity.hub.workflow.spi;

import org.springframework.modulith.NamedInterface;
