package com.auterity.hub.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.auterity.hub.ai.CognitiveEngine.Entity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtractorTest {

    private final Extractor extractor = new Extractor();

    private List<Entity> extract(String text) {
        return extractor.extract(text, null);
    }

    @Test
    void findsEachKindWithItsOffsetsAndNormalisedValue() {
        String text =
                "Mail jane.doe@Example.COM or call +44 20 7946 0958 before 15 March 2024."
                        + " Pay EUR 1.234,56 to DE89 3704 0044 0532 0130 00, see"
                        + " https://pay.example.com/invoice?id=7.";

        List<Entity> entities = extract(text);

        assertThat(entities)
                .extracting(Entity::type, Entity::text, Entity::value)
                .containsExactly(
                        tuple("email", "jane.doe@Example.COM", "jane.doe@example.com"),
                        tuple("phone", "+44 20 7946 0958", "+442079460958"),
                        tuple("date", "15 March 2024", "2024-03-15"),
                        tuple("amount", "EUR 1.234,56", "1234.56 EUR"),
                        tuple("iban", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
                        tuple(
                                "url",
                                "https://pay.example.com/invoice?id=7",
                                "https://pay.example.com/invoice?id=7"));
        for (Entity e : entities) {
            assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
        }
        assertThat(entities.get(3).attributes())
                .containsEntry("amount", new BigDecimal("1234.56"))
                .containsEntry("currency", "EUR");
        assertThat(entities.get(4).attributes()).containsEntry("country", "DE");
    }

    @Test
    void cardNumbersPassingLuhnAreFoundAndMaskedButForTheLastFourDigits() {
        String text =
                "Card 4111 1111 1111 1111, backup 5555-5555-5555-4444 and amex 378282246310005.";

        List<Entity> cards = extractor.extract(text, Set.of("card"));

        assertThat(cards)
                .extracting(Entity::text, Entity::value, e -> e.attributes().get("brand"))
                .containsExactly(
                        tuple("**** **** **** 1111", "************1111", "visa"),
                        tuple("****-****-****-4444", "************4444", "mastercard"),
                        tuple("***********0005", "***********0005", "amex"));
        assertThat(cards.get(0).start()).isEqualTo(5);
        assertThat(cards.get(0).end()).isEqualTo(24);
        assertThat(cards.toString()).doesNotContain("4111 1111").doesNotContain("37828224");
    }

    @Test
    void aCardNumberFailingTheLuhnCheckIsNotReportedAsACardNorAsAPhone() {
        assertThat(Extractor.luhn("4111111111111112")).isFalse();
        assertThat(extract("Card 4111 1111 1111 1112 please")).isEmpty();
    }

    @Test
    void anIbanFailingMod97IsNotReported() {
        assertThat(Extractor.validIban("DE89370400440532013000")).isTrue();
        assertThat(Extractor.validIban("DE89370400440532013001")).isFalse();
        assertThat(Extractor.validIban("GB82WEST12345698765432")).isTrue();
        assertThat(Extractor.validIban("XX89370400440532013000")).as("unknown country").isFalse();
        assertThat(extract("IBAN DE89 3704 0044 0532 0130 01 please")).isEmpty();
    }

    @Test
    void ibansInElectronicFormAndFollowedByCapitalsKeepTheirCountryLength() {
        List<Entity> found =
                extractor.extract(
                        "GB82WEST12345698765432 AND NL91 ABNA 0417 1643 00 THANKS", Set.of("iban"));

        assertThat(found)
                .extracting(Entity::value, Entity::end)
                .containsExactly(
                        tuple("GB82WEST12345698765432", 22), tuple("NL91ABNA0417164300", 49));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "$1,234.56|1234.56 USD",
                "12,50 €|12.50 EUR",
                "£30|30 GBP",
                "250 CHF|250 CHF",
                "USD 99.9|99.9 USD",
                "1 500 euros|1500 EUR",
                "3.000.000 JPY|3000000 JPY",
            })
    void amountsCarryTheirCurrency(String text, String value) {
        assertThat(extractor.extract("Total: " + text + ".", Set.of("amount")))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.value()).isEqualTo(value);
                            assertThat(e.text()).isEqualTo(text);
                        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-03-15|2024-03-15",
                "2024-03-15T10:30:00Z|2024-03-15T10:30:00Z",
                "15.03.2024|2024-03-15",
                "03/15/2024|2024-03-15",
                "March 5th, 2024|2024-03-05",
                "5 Mar 2024|2024-03-05",
                "2024/12/01|2024-12-01",
            })
    void datesAreNormalisedToIso(String text, String value) {
        assertThat(extractor.extract("due " + text + " at the latest", Set.of("date")))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.value()).isEqualTo(value);
                            assertThat(e.text()).isEqualTo(text);
                        });
    }

    @Test
    void impossibleDatesAreNotDatesAndAmbiguousOnesSaySo() {
        assertThat(extractor.extract("on 31.02.2024 or 2024-13-01", Set.of("date"))).isEmpty();
        assertThat(extractor.extract("on 03/04/2024", Set.of("date")))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.value()).isEqualTo("2024-04-03");
                            assertThat(e.attributes()).containsEntry("ambiguous", true);
                        });
    }

    @Test
    void phoneNumbersNeedAPhoneShapeAndBareNumbersAreNone() {
        assertThat(
                        extractor.extract(
                                "Call (555) 123-4567 or 555.123.4567 or +1-202-555-0143.",
                                Set.of("phone")))
                .extracting(Entity::value)
                .containsExactly("5551234567", "5551234567", "+12025550143");
        assertThat(
                        extractor.extract(
                                "Order 12345678, 10 000 000 units, room 10.30-11.45, year 2024",
                                Set.of("phone")))
                .isEmpty();
    }

    @Test
    void urlsLoseTrailingPunctuationAndEmailsInsideUrlsAreNotEmails() {
        List<Entity> found =
                extract("See (www.example.org/docs) and https://x.example.com/a?mail=a@b.com, ok");

        assertThat(found)
                .extracting(Entity::type, Entity::text, Entity::value)
                .containsExactly(
                        tuple("url", "www.example.org/docs", "http://www.example.org/docs"),
                        tuple(
                                "url",
                                "https://x.example.com/a?mail=a@b.com",
                                "https://x.example.com/a?mail=a@b.com"));
        assertThat(found.get(0).attributes()).isEqualTo(Map.of("host", "www.example.org"));
    }

    @Test
    void aTextWithoutEntitiesGivesNone() {
        assertThat(extract("Nothing to see here, just words and 42 apples.")).isEmpty();
    }
}
