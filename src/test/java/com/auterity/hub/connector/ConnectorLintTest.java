package com.auterity.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every connector in {@code connectors/} follows the Kamelet catalogue's conventions. */
class ConnectorLintTest {

    private static final Path CONNECTORS = Path.of("connectors");
    private static final Path FIXTURES = Path.of("src/test/resources/kamelets");

    @Test
    void everyConnectorFollowsTheKameletConventions() throws IOException {
        List<Path> kamelets = kamelets(CONNECTORS);
        assertThat(kamelets).as("Kamelet files in %s", CONNECTORS.toAbsolutePath()).isNotEmpty();

        List<String> problems =
                kamelets.stream()
                        .flatMap(
                                file ->
                                        KameletLint.problems(file).stream()
                                                .map(problem -> file + ": " + problem))
                        .toList();

        assertThat(problems).as("problems in %s", CONNECTORS).isEmpty();
    }

    @Test
    void aConnectorWithARequiredPropertyAndAMaskedSecretPasses() {
        assertThat(
                        KameletLint.problems(
                                FIXTURES.resolve("valid/secured-webhook-sink.kamelet.yaml")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    wrong-name-sink           | file name 'wrong-name-sink.kamelet.yaml' should be 'other-sink.kamelet.yaml' (metadata.name)
                    mislabelled-source        | label camel.apache.org/kamelet.type should be 'source' (the name's suffix) but is 'sink'
                    untitled-property-sink    | property 'url' has no title
                    undescribed-property-sink | property 'url' has no description
                    unmasked-secret-sink      | property 'apiToken' looks like a secret but is not marked format: password
                    missing-required-sink     | required property 'url' is not defined under spec.definition.properties
                    keeps-headers-sink        | a sink or action must start by removing the message's headers (removeHeaders), so that none steers its endpoint
                    """)
    void aConnectorWithOneDefectGetsExactlyThatProblem(String fixture, String expected) {
        Path file = FIXTURES.resolve("invalid/" + fixture + KameletLint.SUFFIX);

        assertThat(KameletLint.problems(file)).containsExactly(expected);
    }

    private static List<Path> kamelets(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(KameletLint.SUFFIX))
                    .sorted()
                    .toList();
        }
    }
}
