package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.CognitiveEngine.Sentiment;
import com.auterity.hub.ai.CognitiveEngine.Term;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Sentiment from a lexicon, in the manner of VADER (Hutto and Gilbert, 2014): the valences of the
 * words and phrases of {@code sentiment-lexicon.tsv} are summed after these rules: a negation (not,
 * never, n't...) in the three words before a term flips and damps it (x -0.74); boosters (very,
 * really...) and dampeners (slightly, barely...) in front of a term move it by 0.293; a term in
 * capitals in a text that is not all capitals gains 0.733; the words after "but" weigh 1.5, those
 * before it 0.5; each "!" (up to four) adds 0.292 in the direction of the sum. The sum S becomes a
 * score S / sqrt(S^2 + 15) between -1 and 1; from 0.05 it is positive, to -0.05 negative.
 *
 * <p>Limits: English only; no sarcasm, irony or domain sense beyond the lexicon (a word it does not
 * know counts for nothing); no stemming, so inflected forms are listed one by one. Deterministic
 * and fast (microseconds per sentence), and every decision can be read off the returned terms.
 */
@Component
public class LexiconSentiment {

    static final double NEGATION = -0.74;
    static final double BOOST = 0.293;
    static final double CAPS = 0.733;
    static final double EXCLAMATION = 0.292;
    static final double ALPHA = 15;
    static final double NEUTRAL_BAND = 0.05;

    private static final Set<String> NEGATIONS =
            Set.of(
                    "not",
                    "no",
                    "never",
                    "none",
                    "nobody",
                    "nothing",
                    "neither",
                    "nor",
                    "nowhere",
                    "without",
                    "cannot",
                    "cant",
                    "dont",
                    "doesnt",
                    "didnt",
                    "isnt",
                    "wasnt",
                    "arent",
                    "werent",
                    "wont",
                    "wouldnt",
                    "couldnt",
                    "shouldnt",
                    "hasnt",
                    "havent",
                    "hadnt",
                    "aint",
                    "neednt");
    private static final Map<String, Double> BOOSTERS = new HashMap<>();

    static {
        for (String up :
                List.of(
                        "very",
                        "really",
                        "extremely",
                        "so",
                        "totally",
                        "absolutely",
                        "incredibly",
                        "super",
                        "highly",
                        "completely",
                        "utterly",
                        "truly",
                        "too",
                        "such",
                        "most",
                        "particularly",
                        "especially",
                        "exceptionally",
                        "remarkably",
                        "hugely",
                        "seriously")) {
            BOOSTERS.put(up, BOOST);
        }
        for (String down :
                List.of(
                        "slightly",
                        "somewhat",
                        "barely",
                        "hardly",
                        "kinda",
                        "kindof",
                        "marginally",
                        "partly",
                        "little",
                        "fairly",
                        "mildly",
                        "occasionally")) {
            BOOSTERS.put(down, -BOOST);
        }
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

    private final Map<String, Double> words = new HashMap<>();

    /** Phrases by their first word, longest first. */
    private final Map<String, List<String[]>> phrases = new HashMap<>();

    private final Map<String, Double> phraseValence = new HashMap<>();

    public LexiconSentiment() {
        try (InputStream in = LexiconSentiment.class.getResourceAsStream("sentiment-lexicon.tsv")) {
            if (in == null) {
                throw new IllegalStateException("sentiment-lexicon.tsv is missing");
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                String term = parts[0].strip();
                double valence = Double.parseDouble(parts[1].strip());
                String[] tokens = term.split(" ");
                if (tokens.length == 1) {
                    words.put(term, valence);
                } else {
                    phrases.computeIfAbsent(tokens[0], k -> new ArrayList<>()).add(tokens);
                    phraseValence.put(term, valence);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        phrases.values().forEach(list -> list.sort((a, b) -> b.length - a.length));
    }

    private record Token(String word, String original) {}

    public Sentiment analyse(String text) {
        String normalised = text.replace('\u2019', '\'');
        List<Token> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(normalised);
        while (m.find()) {
            tokens.add(new Token(m.group().toLowerCase(Locale.ROOT), m.group()));
        }
        boolean shouting = normalised.equals(normalised.toUpperCase(Locale.ROOT));
        int but = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).word().equals("but")) {
                but = i;
            }
        }
        List<Term> terms = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < tokens.size(); ) {
            String[] phrase = phraseAt(tokens, i);
            String term;
            double valence;
            int length;
            if (phrase != null) {
                term = String.join(" ", phrase);
                valence = phraseValence.get(term);
                length = phrase.length;
            } else if (words.containsKey(tokens.get(i).word())) {
                term = tokens.get(i).word();
                valence = words.get(term);
                length = 1;
            } else {
                i++;
                continue;
            }
            valence = modify(tokens, i, length, valence, shouting, but);
            terms.add(new Term(term, round(valence)));
            sum += valence;
            i += length;
        }
        long exclamations = Math.min(4, normalised.chars().filter(c -> c == '!').count());
        if (sum != 0) {
            sum += Math.signum(sum) * exclamations * EXCLAMATION;
        }
        double score = sum / Math.sqrt(sum * sum + ALPHA);
        String label =
                score >= NEUTRAL_BAND
                        ? "positive"
                        : score <= -NEUTRAL_BAND ? "negative" : "neutral";
        return new Sentiment(label, round(score), List.copyOf(terms));
    }

    private double modify(
            List<Token> tokens, int at, int length, double valence, boolean shouting, int but) {
        double v = valence;
        if (!shouting && length == 1 && capitals(tokens.get(at).original())) {
            v += Math.signum(v) * CAPS;
        }
        for (int back = 1; back <= 3 && at - back >= 0; back++) {
            String before = tokens.get(at - back).word();
            Double boost = BOOSTERS.get(before);
            if (boost != null) {
                // a booster further away counts less, as in VADER
                double scale = back == 1 ? 1 : back == 2 ? 0.95 : 0.9;
                v += Math.signum(v) * boost * scale;
            }
        }
        if (negated(tokens, at)) {
            v *= NEGATION;
        }
        if (but >= 0) {
            v *= at < but ? 0.5 : at > but ? 1.5 : 1;
        }
        return v;
    }

    private static boolean negated(List<Token> tokens, int at) {
        for (int back = 1; back <= 3 && at - back >= 0; back++) {
            String word = tokens.get(at - back).word();
            if (NEGATIONS.contains(word.replace("'", "")) || word.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    private String[] phraseAt(List<Token> tokens, int at) {
        List<String[]> candidates = phrases.get(tokens.get(at).word());
        if (candidates == null) {
            return null;
        }
        for (String[] phrase : candidates) {
            if (at + phrase.length > tokens.size()) {
                continue;
            }
            boolean match = true;
            for (int k = 1; k < phrase.length && match; k++) {
                match = tokens.get(at + k).word().equals(phrase[k]);
            }
            if (match) {
                return phrase;
            }
        }
        return null;
    }

    private static boolean capitals(String word) {
        return word.length() > 1
                && word.chars().anyMatch(Character::isLetter)
                && word.equals(word.toUpperCase(Locale.ROOT));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
