package com.auterity.hub.security;

import com.auterity.hub.support.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same API contract on the real PostgreSQL server, in a database made fresh for the run. */
class ApiPostgresIntegrationTest extends ApiContract {

    @BeforeAll
    static void requirePostgres() {
        PostgresDatabase.require();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresDatabase.fresh("hub_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", PostgresDatabase::user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("hub.security.admin-password", () -> "postgres-admin-password");
    }
}
