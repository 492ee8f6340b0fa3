package com.auterity.hub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link HubIntegrationTest} on the machine's PostgreSQL server instead of H2, in a database
 * made fresh for the test run. All classes so annotated share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = PostgresDatabase.Initializer.class)
@ExtendWith(PostgresDatabase.Required.class)
public @interface OnPostgres {}
