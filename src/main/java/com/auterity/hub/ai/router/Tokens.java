package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import java.util.List;

/**
 * Token estimates, for choosing and admitting before a provider has counted: about four characters
 * per token (OpenAI's rule of thumb for English) plus a few per message for the roles. Providers'
 * own counts replace these once they answer.
 */
final class Tokens {

    private Tokens() {}

    static long estimate(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    static long estimate(List<Message> messages) {
        long tokens = 3;
        for (Message message : messages) {
            tokens += 4 + estimate(message.text());
        }
        return tokens;
    }

    static long estimateTexts(List<String> texts) {
        return texts.stream().mapToLong(Tokens::estimate).sum();
    }
}
