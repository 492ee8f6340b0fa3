package com.auterity.hub.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CacheServiceTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong();
    private final CacheService cache = new CacheService(100, nanos::get);

    @Test
    void computesAMissingValueOnceAndThenServesItFromTheCache() {
        Counting<String> getter = new Counting<>(() -> "report");

        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo("report");
        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo("report");

        assertThat(getter.calls()).isEqualTo(1);
    }

    @Test
    void aValueLivesExactlyItsTimeToLiveAndIsThenRecomputed() {
        AtomicInteger version = new AtomicInteger();
        Counting<Integer> getter = new Counting<>(version::incrementAndGet);
        cache.getOrSet("k", getter, TEN_SECONDS);

        advance(TEN_SECONDS.minusNanos(1));
        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo(1);

        advance(Duration.ofNanos(1));
        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo(2);
        assertThat(getter.calls()).isEqualTo(2);
    }

    @Test
    void keysWithDifferentTimesToLiveExpireIndependently() {
        Counting<String> shortLived = new Counting<>(() -> "short");
        Counting<String> longLived = new Counting<>(() -> "long");
        cache.getOrSet("short", shortLived, Duration.ofMinutes(1));
        cache.getOrSet("long", longLived, Duration.ofMinutes(5));

        advance(Duration.ofMinutes(2));
        cache.getOrSet("short", shortLived, Duration.ofMinutes(1));
        cache.getOrSet("long", longLived, Duration.ofMinutes(5));
        assertThat(shortLived.calls()).isEqualTo(2);
        assertThat(longLived.calls()).isEqualTo(1);

        advance(Duration.ofMinutes(4));
        cache.getOrSet("long", longLived, Duration.ofMinutes(5));
        assertThat(longLived.calls()).isEqualTo(2);
    }

    @Test
    void aGetterThatThrowsCachesNothing() {
        assertThatThrownBy(
                        () ->
                                cache.getOrSet(
                                        "k",
                                        () -> {
                                            throw new IllegalStateException("provider down");
                                        },
                                        TEN_SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("provider down");

        Counting<String> getter = new Counting<>(() -> "recovered");
        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo("recovered");
        assertThat(getter.calls()).isEqualTo(1);
    }

    @Test
    void aNullResultIsNotCached() {
        Counting<String> getter = new Counting<>(() -> null);

        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isNull();
        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isNull();

        assertThat(getter.calls()).isEqualTo(2);
    }

    @Test
    void anEvictedValueIsRecomputed() {
        Counting<String> getter = new Counting<>(() -> "fresh");
        cache.getOrSet("k", getter, TEN_SECONDS);

        cache.evict("k");

        assertThat(cache.getOrSet("k", getter, TEN_SECONDS)).isEqualTo("fresh");
        assertThat(getter.calls()).isEqualTo(2);
    }

    @Test
    void setReplacesTheValueAndItsTimeToLive() {
        Counting<String> getter = new Counting<>(() -> "computed");
        cache.getOrSet("k", getter, Duration.ofMinutes(1));

        cache.set("k", "pushed", Duration.ofMinutes(5));
        advance(Duration.ofMinutes(2));

        assertThat(cache.getOrSet("k", getter, Duration.ofMinutes(1))).isEqualTo("pushed");
        assertThat(getter.calls()).isEqualTo(1);
    }

    @Test
    void threadsAskingForTheSameMissingKeyAtOnceShareOneComputation() throws Exception {
        int threads = 8;
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        threads,
                        task -> {
                            Thread worker = new Thread(task);
                            workers.add(worker);
                            return worker;
                        });
        CountDownLatch calling = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        Counting<String> getter =
                new Counting<>(
                        () -> {
                            awaitQuietly(release);
                            return "model";
                        });
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(
                        pool.submit(
                                () -> {
                                    calling.countDown();
                                    return cache.getOrSet("k", getter, TEN_SECONDS);
                                }));
            }
            // Hold the first computation until every thread is inside getOrSet and parked: either
            // waiting for that computation (correct) or running a getter of its own (the defect).
            assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
            await().pollInterval(Duration.ofMillis(5))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> workers.stream().allMatch(CacheServiceTest::parked));
            release.countDown();

            for (Future<String> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("model");
            }
            assertThat(getter.calls()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.BLOCKED
                || state == Thread.State.WAITING
                || state == Thread.State.TIMED_WAITING;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A getter that counts how often the cache called it. */
    private static final class Counting<T> implements Supplier<T> {

        private final Supplier<T> delegate;
        private final AtomicInteger calls = new AtomicInteger();

        Counting(Supplier<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public T get() {
            calls.incrementAndGet();
            return delegate.get();
        }

        int calls() {
            return calls.get();
        }
    }
}
