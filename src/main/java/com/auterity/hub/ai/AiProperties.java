package com.auterity.hub.ai;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of AI model orchestration ({@code hub.ai}).
 *
 * @param cacheSize responses kept in the response cache ({@code AI_MODEL_CACHE_SIZE})
 * @param requestTimeout longest wait for a provider's answer ({@code AI_REQUEST_TIMEOUT}, seconds)
 * @param cognitive the in-process cognitive engine ({@code hub.ai.cognitive})
 */
@Validated
@ConfigurationProperties("hub.ai")
public record AiProperties(
        @DefaultValue("1000") @Positive int cacheSize,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration requestTimeout,
        @DefaultValue @Valid Cognitive cognitive) {

    /**
     * Limits and defaults of the cognitive engine.
     *
     * @param maxTexts most texts in one request (texts to embed, classify or score, similarity
     *     candidates)
     * @param maxChars most characters in one text
     * @param maxLabels most labels of a classification
     * @param maxValues most values of an anomaly series
     * @param maxOptions most options of a decision (and most criteria)
     * @param classifyThreshold confidence (0-1) below which a text gets no label
     * @param minSimilarity cosine below which a label is never chosen, whatever its confidence
     * @param temperature softmax temperature that turns label similarities into confidences
     * @param cacheTtl how long embeddings of labels and repeated texts stay cached
     * @param preload load the embedding model right after start-up (in the background) instead of
     *     on first use
     * @param threads threads that embed the texts of one batch in parallel; 0: one per CPU core
     * @param inferenceThreads threads of ONNX Runtime inside one inference (1: each text on one
     *     thread, best when requests or batch texts run side by side)
     * @param nativeDir where the tokenizer's native library is unpacked; default {@code <data
     *     dir>/native} (a writable place even when the home directory is not)
     */
    public record Cognitive(
            @DefaultValue("100") @Positive int maxTexts,
            @DefaultValue("10000") @Positive int maxChars,
            @DefaultValue("50") @Positive int maxLabels,
            @DefaultValue("100000") @Positive int maxValues,
            @DefaultValue("1000") @Positive int maxOptions,
            @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double classifyThreshold,
            @DefaultValue("0.15") @DecimalMin("-1") @DecimalMax("1") double minSimilarity,
            @DefaultValue("0.05") @DecimalMin("0.001") double temperature,
            @DefaultValue("1h") Duration cacheTtl,
            @DefaultValue("false") boolean preload,
            @DefaultValue("0") @PositiveOrZero int threads,
            @DefaultValue("1") @Positive int inferenceThreads,
            Path nativeDir) {}
}
