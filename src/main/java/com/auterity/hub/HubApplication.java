package com.auterity.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Auterity Hub: an integration hub whose workflows compile into Apache Camel routes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {
    public static void main(String[] args) {
        // the embedded H2 hashes every text it stores to share equal values between rows; the
        // hub's texts (ids, execution records) are nearly all unique, so that only costs time
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
        SpringApplication.run(HubApplication.class, args);
    }
}
