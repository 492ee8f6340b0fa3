package com.auterity.hub.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingItsTimeInItsFirst48Bits() {
        long now = 1_764_600_000_123L;
        UUID id = TimeOrderedIds.at(now);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now);
        assertThat(id.toString())
                .hasSize(36)
                .startsWith(String.format("%012x", now).substring(0, 8));
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        String earlier = TimeOrderedIds.at(1_764_600_000_000L).toString();
        String later = TimeOrderedIds.at(1_764_600_000_001L).toString();
        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(42L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
