package com.auterity.hub.ai.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Amounts of money in JSON: exact decimal numbers without exponent or padding ({@code 0.00000015},
 * not {@code 1.5E-7} nor {@code 0.000000150000000000}), whatever the scale of the column they come
 * from.
 */
final class Dollars {

    private Dollars() {}

    static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /** For a value in a map (error details): written as the number itself. */
    static RawValue number(BigDecimal amount) {
        return new RawValue(plain(amount));
    }

    /** For a record component: {@code @JsonSerialize(using = Dollars.Json.class)}. */
    static final class Json extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeNumber(plain(value));
        }
    }
}
