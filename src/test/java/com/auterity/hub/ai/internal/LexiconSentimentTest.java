package com.auterity.hub.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.auterity.hub.ai.CognitiveEngine.Sentiment;
import com.auterity.hub.ai.CognitiveEngine.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexiconSentimentTest {

    private static final LexiconSentiment SENTIMENT = new LexiconSentiment();

    /** The score of a sum of valences, as the class defines it. */
    private static double score(double sum) {
        return Math.round(sum / Math.sqrt(sum * sum + 15) * 10_000) / 10_000.0;
    }

    @Test
    void aPositiveWordGivesAPositiveScore() {
        Sentiment s = SENTIMENT.analyse("The service was good.");

        assertThat(s.label()).isEqualTo("positive");
        assertThat(s.score()).isEqualTo(score(1.9));
        assertThat(s.terms())
                .extracting(Term::term, Term::valence)
                .containsExactly(tuple("good", 1.9));
    }

    @Test
    void aNegationFlipsAndDampsTheWordAfterIt() {
        Sentiment s = SENTIMENT.analyse("The service was not good.");

        assertThat(s.label()).isEqualTo("negative");
        assertThat(s.terms()).extracting(Term::valence).containsExactly(-1.406);
        assertThat(s.score()).isEqualTo(score(1.9 * -0.74));
        assertThat(SENTIMENT.analyse("I don't like it").label()).isEqualTo("negative");
        assertThat(SENTIMENT.analyse("Not bad at all").label()).isEqualTo("positive");
    }

    @Test
    void boostersCapitalsAndExclamationsStrengthen() {
        assertThat(SENTIMENT.analyse("The delivery was very late").terms())
                .extracting(Term::valence)
                .containsExactly(-1.593);
        assertThat(SENTIMENT.analyse("This is GREAT").terms())
                .extracting(Term::valence)
                .containsExactly(3.833);
        assertThat(SENTIMENT.analyse("I love it!").score()).isEqualTo(score(3.2 + 0.292));
    }

    @Test
    void phrasesOfSupportTicketsCountAsOneTerm() {
        Sentiment s = SENTIMENT.analyse("The app is not working since the update");

        assertThat(s.terms()).extracting(Term::term).containsExactly("not working");
        assertThat(s.score()).isEqualTo(score(-2.0));
        assertThat(s.label()).isEqualTo("negative");
    }

    @Test
    void whatFollowsButWeighsMore() {
        Sentiment s = SENTIMENT.analyse("The food was great but the service was terrible");

        assertThat(s.terms())
                .extracting(Term::term, Term::valence)
                .containsExactly(tuple("great", 1.55), tuple("terrible", -4.8));
        assertThat(s.label()).isEqualTo("negative");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Thank you so much, the support team was really helpful!|positive",
                "I was charged twice and nobody answers my emails.|negative",
                "My parcel never arrived and the tracking is useless.|negative",
                "The package arrived on Tuesday.|neutral",
                "Please update my billing address.|neutral",
                "Works perfectly, highly recommend.|positive",
            })
    void typicalMessagesGetTheExpectedLabel(String text, String label) {
        assertThat(SENTIMENT.analyse(text).label()).isEqualTo(label);
    }

    @Test
    void aTextWithoutKnownWordsIsNeutralWithScoreZero() {
        Sentiment s = SENTIMENT.analyse("Lorem ipsum dolor sit amet");

        assertThat(s.label()).isEqualTo("neutral");
        assertThat(s.score()).isZero();
        assertThat(s.terms()).isEmpty();
    }
}
