package com.auterity.hub.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The seed's {@code CacheService}: an in-memory cache whose entries each carry their own time to
 * live. {@link #getOrSet} computes a missing value once, even when many threads ask at the same
 * moment. Bounded by {@code hub.cache.max-size} entries; hit and miss counts are exported as {@code
 * cache_*{cache="hub"}} metrics.
 */
@Component
public class CacheService {

    private record Entry(Object value, long ttlNanos) {}

    private final Cache<String, Entry> cache;

    @Autowired
    public CacheService(HubProperties hub, MeterRegistry registry) {
        this(hub.cache().maxSize(), Ticker.systemTicker());
        CaffeineCacheMetrics.monitor(registry, cache, "hub");
    }

    CacheService(long maxSize, Ticker ticker) {
        this.cache =
                Caffeine.newBuilder()
                        .maximumSize(maxSize)
                        .ticker(ticker)
                        .recordStats()
                        .expireAfter(
                                new Expiry<String, Entry>() {
                                    public long expireAfterCreate(String k, Entry e, long now) {
                                        return e.ttlNanos();
                                    }

                                    public long expireAfterUpdate(
                                            String k, Entry e, long now, long left) {
                                        return e.ttlNanos();
                                    }

                                    public long expireAfterRead(
                                            String k, Entry e, long now, long left) {
                                        return left;
                                    }
                                })
                        .build();
    }

    /**
     * The cached value of {@code key}, or the getter's value, cached for {@code ttl}. A getter that
     * throws caches nothing; one that returns {@code null} caches nothing either.
     */
    @SuppressWarnings("unchecked")
    public <T> T getOrSet(String key, Supplier<T> getter, Duration ttl) {
        Entry entry =
                cache.get(
                        key,
                        k -> {
                            T value = getter.get();
                            return value == null ? null : new Entry(value, ttl.toNanos());
                        });
        return entry == null ? null : (T) entry.value();
    }

    public void set(String key, Object value, Duration ttl) {
        cache.put(key, new Entry(value, ttl.toNanos()));
    }

    public void evict(String key) {
        cache.invalidate(key);
    }
}
