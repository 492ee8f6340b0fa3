package com.auterity.hub.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): the first 48 bits are the time in milliseconds, the other 74
 * random. Rows keyed by them are inserted at the end of an index instead of at a random place in
 * it, which for executions (written by the thousand per second) keeps each commit to the index's
 * last pages, on H2 as on PostgreSQL; and ids sort by creation time.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    /** A new version 7 UUID for the current time. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high =
                (epochMillis & 0xFFFF_FFFF_FFFFL) << 16
                        | 0x7000L
                        | ((random[0] & 0x0FL) << 8)
                        | (random[1] & 0xFFL);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | (random[i] & 0xFFL);
        }
        low = low & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // variant 10
        return new UUID(high, low);
    }
}
