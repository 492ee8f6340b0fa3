package com.auterity.hub.ai.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.HubProperties;
import com.auterity.hub.shared.ServiceError;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.Executor;
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
 * by {@link #loadMillis()}. Inference is thread-safe. Each inference runs on {@code
 * hub.ai.cognitive.inference-threads} threads, one by default (ONNX Runtime's own pool of spinning
 * threads lost to plain parallelism on a busy two-core machine); a batch is spread over {@code
 * hub.ai.cognitive.threads} threads, and concurrent requests run side by side. Embeddings are
 * cached by the SHA-256 of the text in the hub's {@link CacheService}, so labels and repeated texts
 * are embedded once per {@code cache-ttl}.
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
    private final int inferenceThreads;
    private final boolean preload;
    private final ExecutorService executor;
    private final AtomicLong embedded = new AtomicLong();

    /** The model of the JVM: immutable and thread-safe, shared by every instance of this class. */
    private static OnnxBertBiEncoder encoder;

    private static Long loadMillis;
    private static RuntimeException loadFailure;

    private volatile InProcessModel model;

    public Embeddings(AiProperties ai, HubProperties hub, CacheService cache) {
        AiProperties.Cognitive settings = ai.cognitive();
        this.cache = cache;
        this.ttl = settings.cacheTtl();
        this.preload = settings.preload();
        this.inferenceThreads = settings.inferenceThreads();
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
        synchronized (Embeddings.class) {
            return loadMillis;
        }
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

    private InProcessModel model() {
        InProcessModel loaded = model;
        if (loaded == null) {
            loaded = new InProcessModel(executor, encoder(nativeDir, inferenceThreads));
            model = loaded;
        }
        return loaded;
    }

    /** The model of the JVM, loaded by the first caller with its settings. */
    private static OnnxBertBiEncoder encoder(Path nativeDir, int inferenceThreads) {
        synchronized (Embeddings.class) {
            if (encoder != null) {
                return encoder;
            }
            if (loadFailure != null) {
                throw loadFailure;
            }
            long start = System.nanoTime();
            try {
                useWritableNativeDir(nativeDir);
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(inferenceThreads);
                options.setInterOpNumThreads(1);
                // the files of the model's jar; naming its class does not load its own copy
                ClassLoader jar = AllMiniLmL6V2EmbeddingModel.class.getClassLoader();
                OrtSession session =
                        environment.createSession(read(jar, "all-minilm-l6-v2.onnx"), options);
                try (InputStream tokenizer =
                        jar.getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
                    OnnxBertBiEncoder loading =
                            new OnnxBertBiEncoder(
                                    environment, session, tokenizer, PoolingMode.MEAN);
                    // the first inference initialises the tokenizer and the session fully
                    new InProcessModel(Runnable::run, loading).embed("warm-up");
                    encoder = loading;
                }
                loadMillis = (System.nanoTime() - start) / 1_000_000;
                log.info("Embedding model {} loaded in {} ms", MODEL, loadMillis);
                return encoder;
            } catch (OrtException | IOException | RuntimeException | LinkageError e) {
                log.error("Embedding model {} could not be loaded", MODEL, e);
                loadFailure =
                        new ServiceError(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "MODEL_UNAVAILABLE",
                                "The embedding model could not be loaded; see the hub's log");
                throw loadFailure;
            }
        }
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    /** The model with the hub's executor for batches. */
    private static final class InProcessModel extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;

        InProcessModel(Executor executor, OnnxBertBiEncoder encoder) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }

    /**
     * The tokenizer (DJL) unpacks its native library into {@code ~/.djl.ai} unless told otherwise;
     * in CI or a container the home directory may be read-only, so it goes to the data dir. An
     * operator's own {@code DJL_CACHE_DIR} (variable or system property) wins.
     */
    private static void useWritableNativeDir(Path nativeDir) {
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
