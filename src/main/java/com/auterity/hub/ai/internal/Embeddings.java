package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.HubProperties;
import com.auterity.hub.shared.ServiceError;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The in-process embedding model, all-MiniLM-L6-v2 (ONNX, 384 dimensions, unit-length vectors).
 *
 * <p>The model (90 MB) is loaded once per JVM, lazily on first use unless {@code
 * hub.ai.cognitive.preload} asks for it right after start-up; the load time is logged and reported
 * by {@link #loadMillis()}. Inference is thread-safe; a batch is spread over {@code
 * hub.ai.cognitive.threads} threads. Embeddings are cached by the SHA-256 of the text in the hub's
 * {@link CacheService}, so labels and repeated texts are embedded once per {@code cache-ttl}.
 */
@Component
public class Embeddings implements DisposableBean {

    public static final String MODEL = "all-MiniLM-L6-v2";
    public static final int DIMENSION = 384;

    private static final Logger log = LoggerFactory.getLogger(Embeddings.class);
    private static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private final CacheService cache;
    private final Duration ttl;
    private final Path nativeDir;
    private final boolean preload;
    private final ExecutorService executor;
    private final AtomicLong embedded = new AtomicLong();

    private volatile AllMiniLmL6V2EmbeddingModel model;
    private volatile Long loadMillis;
    private volatile RuntimeException loadFailure;

    public Embeddings(AiProperties ai, HubProperties hub, CacheService cache) {
        AiProperties.Cognitive settings = ai.cognitive();
        this.cache = cache;
        this.ttl = settings.cacheTtl();
        this.preload = settings.preload();
        this.nativeDir =
                settings.nativeDir() != null
                        ? settings.nativeDir()
                        : hub.dataDir().resolve("native");
        int threads =
                settings.threads() > 0
                        ? settings.threads()
                        : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "hub-embed-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** The embeddings of {@code texts}, in their order; cached ones are not computed again. */
    public List<float[]> embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        List<Integer> missing = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            // a getter that returns null caches nothing: this only looks the text up
            float[] cached = cache.getOrSet(key(texts.get(i)), () -> null, ttl);
            vectors.add(cached);
            if (cached == null) {
                missing.add(i);
                segments.add(TextSegment.from(texts.get(i)));
            }
        }
        if (!segments.isEmpty()) {
            List<Embedding> computed = model().embedAll(segments).content();
            embedded.addAndGet(segments.size());
            for (int j = 0; j < missing.size(); j++) {
                int i = missing.get(j);
                float[] vector = computed.get(j).vector();
                cache.set(key(texts.get(i)), vector, ttl);
                vectors.set(i, vector);
            }
        }
        return vectors;
    }

    public float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** Cosine similarity of two vectors (the model's are unit length, but callers' may not be). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    public boolean loaded() {
        return model != null;
    }

    /** How long loading the model took, in milliseconds; {@code null} until it is loaded. */
    public Long loadMillis() {
        return loadMillis;
    }

    /** Texts embedded by the model since start (cache hits not counted). */
    public long embeddedCount() {
        return embedded.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    void preloadIfAsked() {
        if (preload) {
            executor.execute(
                    () -> {
                        try {
                            model();
                        } catch (RuntimeException e) {
                            // already logged by model(); the first request will answer 503
                        }
                    });
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private AllMiniLmL6V2EmbeddingModel model() {
        AllMiniLmL6V2EmbeddingModel loadedModel = model;
        if (loadedModel != null) {
            return loadedModel;
        }
        synchronized (this) {
            if (model == null) {
                if (loadFailure != null) {
                    throw loadFailure;
                }
                model = load();
            }
            return model;
        }
    }

    private AllMiniLmL6V2EmbeddingModel load() {
        long start = System.nanoTime();
        try {
            useWritableNativeDir();
            AllMiniLmL6V2EmbeddingModel loading = new AllMiniLmL6V2EmbeddingModel(executor);
            // the first inference initialises the tokenizer and the ONNX session fully
            loading.embed("warm-up");
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            log.info("Embedding model {} loaded in {} ms", MODEL, loadMillis);
            return loading;
        } catch (RuntimeException | LinkageError e) {
            log.error("Embedding model {} could not be loaded", MODEL, e);
            loadFailure =
                    new ServiceError(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "MODEL_UNAVAILABLE",
                            "The embedding model could not be loaded; see the hub's log");
            throw loadFailure;
        }
    }

    /**
     * The tokenizer (DJL) unpacks its native library into {@code ~/.djl.ai} unless told otherwise;
     * in CI or a container the home directory may be read-only, so it goes to the data dir. An
     * operator's own {@code DJL_CACHE_DIR} (variable or system property) wins.
     */
    private void useWritableNativeDir() {
        if (System.getenv(DJL_CACHE_DIR) != null || System.getProperty(DJL_CACHE_DIR) != null) {
            return;
        }
        try {
            Files.createDirectories(nativeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(DJL_CACHE_DIR, nativeDir.toAbsolutePath().toString());
    }

    private static String key(String text) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return "ai:embedding:" + MODEL + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
