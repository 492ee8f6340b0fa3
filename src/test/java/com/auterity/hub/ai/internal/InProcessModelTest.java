package com.auterity.hub.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.CognitiveEngine.Classification;
import com.auterity.hub.ai.CognitiveEngine.Label;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.HubProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The real in-process model, without Spring: paraphrases are close, unrelated sentences far, and a
 * fixed set of support tickets is classified zero-shot without a mistake. Its tokenizer unpacks its
 * native library under target/, so no writable home directory is needed.
 */
class InProcessModelTest {

    private static AiProperties ai;
    private static HubProperties hub;
    private static Embeddings embeddings;
    private static ZeroShotClassifier classifier;

    @BeforeAll
    static void loadModel() {
        Binder binder =
                new Binder(
                        new MapConfigurationPropertySource(
                                Map.of("hub.data-dir", "target/cognitive-model-test")));
        ai = binder.bindOrCreate("hub.ai", AiProperties.class);
        hub = binder.bindOrCreate("hub", HubProperties.class);
        embeddings = new Embeddings(ai, hub, new CacheService(hub, new SimpleMeterRegistry()));
        classifier = new ZeroShotClassifier(embeddings, ai);
    }

    @AfterAll
    static void stop() {
        embeddings.destroy();
    }

    private static double cosine(String a, String b) {
        List<float[]> v = embeddings.embed(List.of(a, b));
        return Embeddings.cosine(v.get(0), v.get(1));
    }

    @Test
    void paraphrasesHaveACosineAbove07() {
        String[][] paraphrases = {
            {"The app crashes when I open it.", "The application keeps crashing on startup."},
            {"I forgot my password.", "I can't remember my password."},
            {"When will my order arrive?", "When is my order going to be delivered?"},
            {"Please cancel my subscription.", "I want to cancel my subscription."},
            {"A man is playing a guitar.", "A person plays the guitar."},
            {"The invoice amount is wrong.", "The amount on my invoice is incorrect."},
        };
        for (String[] pair : paraphrases) {
            assertThat(cosine(pair[0], pair[1])).as(pair[0] + " | " + pair[1]).isGreaterThan(0.7);
        }
    }

    @Test
    void unrelatedSentencesHaveACosineBelow03() {
        String[][] unrelated = {
            {"How do I reset my password?", "The weather is sunny in Madrid today."},
            {"The app crashes when I open it.", "We are planning a picnic by the lake."},
            {"Please cancel my subscription.", "Penguins live in the Southern Hemisphere."},
            {"A man is playing a guitar.", "The stock market fell sharply on Monday."},
            {"The invoice amount is wrong.", "My grandmother bakes bread every Sunday."},
        };
        for (String[] pair : unrelated) {
            assertThat(cosine(pair[0], pair[1])).as(pair[0] + " | " + pair[1]).isLessThan(0.3);
        }
    }

    static final List<Label> SUPPORT_LABELS =
            List.of(
                    new Label(
                            "billing",
                            "Payments, invoices, charges, refunds and subscription fees",
                            null),
                    new Label(
                            "technical",
                            "Software bugs, errors, crashes and things that do not work",
                            null),
                    new Label(
                            "account",
                            "Login, password, profile settings and account access",
                            null),
                    new Label(
                            "shipping",
                            "Delivery of orders, parcels, tracking and couriers",
                            null));

    static final String[][] TICKETS = {
        {"billing", "I was charged twice this month, please refund one of the payments."},
        {"billing", "My invoice shows the wrong amount for the premium plan."},
        {"billing", "Why did my credit card get billed after I cancelled the subscription?"},
        {"technical", "The app crashes every time I try to upload a photo."},
        {"technical", "I get a 500 error when I click the export button."},
        {"technical", "The dashboard is extremely slow and sometimes does not load at all."},
        {"account", "I can't log in, it says my password is incorrect."},
        {"account", "How do I change the email address on my profile?"},
        {"account", "Please delete my account and all my personal data."},
        {"shipping", "My parcel has not arrived yet, the tracking number shows no update."},
        {"shipping", "The courier delivered the package to the wrong address."},
        {"shipping", "When will my order be shipped? It has been a week."},
    };

    @Test
    void supportTicketsAreAllClassifiedCorrectly() {
        List<String> texts = new ArrayList<>();
        for (String[] ticket : TICKETS) {
            texts.add(ticket[1]);
        }

        List<Classification> results = classifier.classify(texts, SUPPORT_LABELS, 0.5);

        for (int i = 0; i < TICKETS.length; i++) {
            Classification c = results.get(i);
            assertThat(c.label()).as(TICKETS[i][1] + " " + c.scores()).isEqualTo(TICKETS[i][0]);
            assertThat(c.confidence()).isGreaterThanOrEqualTo(0.5);
            assertThat(c.scores().stream().mapToDouble(s -> s.confidence()).sum())
                    .isBetween(0.999, 1.001);
        }
    }

    @Test
    void anOffTopicTextGetsNoLabel() {
        Classification c =
                classifier
                        .classify(
                                List.of("What a lovely sunset over the sea tonight."),
                                SUPPORT_LABELS,
                                0.5)
                        .get(0);

        assertThat(c.label()).as(c.scores().toString()).isNull();
        assertThat(c.scores()).hasSize(4);
    }

    @Test
    void examplesTeachALabelItsNameAloneCannot() {
        List<Label> labels =
                List.of(
                        new Label("urgent", null, List.of("The whole site is down for everyone")),
                        new Label("routine", null, List.of("Could you update my invoice address")));

        Classification c =
                classifier
                        .classify(List.of("Production is down, nobody can work!"), labels, 0.5)
                        .get(0);

        assertThat(c.label()).as(c.scores().toString()).isEqualTo("urgent");
    }

    @Test
    void aBatchEqualsSingleEmbeddingsAndRepeatedTextsComeFromTheCache() throws Exception {
        List<String> texts = List.of("first text of a batch", "second one", "and a third");
        List<float[]> batch = embeddings.embed(texts);
        long computed = embeddings.embeddedCount();

        List<float[]> again = embeddings.embed(texts);

        assertThat(embeddings.embeddedCount()).isEqualTo(computed);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(again.get(i)).isEqualTo(batch.get(i));
            assertThat(batch.get(i)).hasSize(Embeddings.DIMENSION);
        }
        // many threads at once (distinct texts: the model itself, not the cache, answers)
        // get the same vectors as one thread with a cache of its own
        Embeddings alone =
                new Embeddings(ai, hub, new CacheService(hub, new SimpleMeterRegistry()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String text = "concurrent sentence number " + i;
                futures.add(pool.submit(() -> embeddings.embed(text)));
            }
            for (int i = 0; i < 16; i++) {
                float[] expected = alone.embed("concurrent sentence number " + i);
                assertThat(Embeddings.cosine(futures.get(i).get(), expected)).isGreaterThan(0.9999);
            }
        } finally {
            pool.shutdownNow();
            alone.destroy();
        }
        assertThat(embeddings.loadMillis()).isNotNull().isPositive();
    }
}
