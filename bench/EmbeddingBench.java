import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.internal.Embeddings;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.HubProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Embeddings per second of the cognitive engine's in-process model (all-MiniLM-L6-v2), through the
 * hub's own Embeddings class with its default settings: the model load, one text per call, and
 * batches spread over hub.ai.cognitive.threads threads. Every text is new, so no cache hit flatters
 * the figures. Run by bench/embeddings.sh.
 */
public class EmbeddingBench {

    private static final String[] SUBJECTS = {
        "The customer", "Our invoice", "The mobile app", "My parcel", "The support agent",
        "The new dashboard", "A payment", "The courier", "Your password", "The export job"
    };
    private static final String[] VERBS = {
        "was charged", "keeps crashing", "has not arrived", "answered quickly", "looks wrong",
        "failed again", "needs a refund", "was delivered", "must be reset", "runs slowly"
    };
    private static final String[] ENDS = {
        "since Monday.", "after the last update.", "for the third time this week.",
        "according to the tracking page.", "and nobody replied.", "on the premium plan.",
        "before the deadline.", "in the European region.", "without any warning.", "today."
    };

    private static final Random RANDOM = new Random(42);
    private static long counter;

    private static String sentence() {
        counter++;
        return SUBJECTS[RANDOM.nextInt(10)] + " " + VERBS[RANDOM.nextInt(10)] + " "
                + ENDS[RANDOM.nextInt(10)] + " Ticket " + counter + ".";
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("hub.data-dir", "target/bench-embeddings");
        if (args.length > 2) {
            settings.put("hub.ai.cognitive.threads", args[2]);
        }
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        AiProperties ai = binder.bindOrCreate("hub.ai", AiProperties.class);
        HubProperties hub = binder.bindOrCreate("hub", HubProperties.class);
        // a cache big enough for every text, as in the hub; the texts never repeat
        Embeddings embeddings =
                new Embeddings(ai, hub, new CacheService(hub, new SimpleMeterRegistry()));

        long start = System.nanoTime();
        embeddings.embed(sentence());
        System.out.printf(
                "model load (first call, fresh JVM): %d ms%n", (System.nanoTime() - start) / 1_000_000);
        for (int i = 0; i < 200; i++) {
            embeddings.embed(sentence()); // JIT warm-up
        }

        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long single = 0;
        start = System.nanoTime();
        while (System.nanoTime() < end) {
            embeddings.embed(sentence());
            single++;
        }
        double singleRate = single / ((System.nanoTime() - start) / 1e9);
        System.out.printf(
                "single: %.0f embeddings/s (%.2f ms each, %d texts)%n",
                singleRate, 1000 / singleRate, single);

        end = System.nanoTime() + seconds * 1_000_000_000L;
        long batched = 0;
        start = System.nanoTime();
        while (System.nanoTime() < end) {
            List<String> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(sentence());
            }
            embeddings.embed(batch);
            batched += batchSize;
        }
        double batchRate = batched / ((System.nanoTime() - start) / 1e9);
        System.out.printf(
                "batch of %d on %s thread(s): %.0f embeddings/s (%d texts)%n",
                batchSize,
                ai.cognitive().threads() == 0
                        ? Runtime.getRuntime().availableProcessors() + ""
                        : ai.cognitive().threads() + "",
                batchRate,
                batched);
        System.out.printf("CPU cores: %d%n", Runtime.getRuntime().availableProcessors());
        embeddings.destroy();
        System.exit(0);
    }
}
