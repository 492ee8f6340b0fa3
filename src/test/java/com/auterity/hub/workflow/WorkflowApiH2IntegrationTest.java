package com.auterity.hub.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The workflow API contract on the embedded default, H2. */
class WorkflowApiH2IntegrationTest extends WorkflowApiContract {

    @Autowired JdbcClient jdbc;

    @Test
    void theEmbeddedDatabaseKeepsASmallPageCache() {
        // the default URL's CACHE_SIZE reaches H2: its default cache (16 MB with a 1 GB heap)
        // holds just-written execution rows long enough for GC pauses to copy them
        String cacheMb =
                jdbc.sql(
                                "SELECT setting_value FROM information_schema.settings"
                                        + " WHERE setting_name = 'info.CACHE_MAX_SIZE'")
                        .query(String.class)
                        .single();

        assertThat(cacheMb).isEqualTo("1");
    }
}
