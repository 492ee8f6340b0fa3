package com.auterity.hub.ai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes a cost or price as a plain JSON number ({@code 0.00000012}, not {@code 1.2E-7}), which is
 * how clients and spreadsheets expect money.
 */
public class PlainDecimal extends StdSerializer<BigDecimal> {

    public PlainDecimal() {
        super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator out, SerializerProvider provider)
            throws IOException {
        out.writeNumber(value.toPlainString());
    }
}
