package com.auterity.hub.ai.internal;

import com.auterity.hub.shared.ServiceError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The problems of one request, collected so that the client learns them all at once, thrown as the
 * hub's standard {@code VALIDATION_FAILED} with details {@code [{field, message}]}.
 */
final class Problems {

    private final List<Map<String, String>> problems = new ArrayList<>();

    Problems add(String field, String message) {
        problems.add(Map.of("field", field, "message", message));
        return this;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED", "The request is invalid", List.copyOf(problems));
        }
    }

    static ServiceError single(String field, String message) {
        return ServiceError.badRequest(
                "VALIDATION_FAILED",
                "The request is invalid",
                List.of(Map.of("field", field, "message", message)));
    }

    /**
     * The texts of a request that takes {@code text} or {@code texts}: exactly one of them, at most
     * {@code maxTexts} texts of at most {@code maxChars} characters, none blank.
     */
    static List<String> texts(String text, List<String> texts, int maxTexts, int maxChars) {
        Problems problems = new Problems();
        if ((text == null) == (texts == null)) {
            throw single("text", "give either 'text' or 'texts'");
        }
        if (text != null) {
            problems.checkText("text", text, maxChars);
            problems.throwIfAny();
            return List.of(text);
        }
        if (texts.isEmpty()) {
            throw single("texts", "must not be empty");
        }
        if (texts.size() > maxTexts) {
            throw single("texts", "at most " + maxTexts + " texts per request");
        }
        for (int i = 0; i < texts.size(); i++) {
            problems.checkText("texts[" + i + "]", texts.get(i), maxChars);
        }
        problems.throwIfAny();
        return texts;
    }

    /** A text must be there, not blank, and at most {@code maxChars} characters. */
    Problems checkText(String field, String text, int maxChars) {
        if (text == null || text.isBlank()) {
            return add(field, "must not be blank");
        }
        if (text.length() > maxChars) {
            return add(field, "at most " + maxChars + " characters");
        }
        return this;
    }
}
