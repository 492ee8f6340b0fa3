package com.auterity.hub;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module boundaries of HOUSE_STYLE.md, checked: no cycles, no reach into another's internals.
 */
class ModularityTests {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(HubApplication.class).verify();
    }
}
