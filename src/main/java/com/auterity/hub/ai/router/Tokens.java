package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.AiRouter.Tool;
import com.auterity.hub.ai.AiRouter.ToolCall;
import java.util.List;

/**
 * Token estimates, for choosing and admitting before a provider has counted: about four characters
 * per token (OpenAI's rule of thumb for English) plus a few per message for the roles, and for tool
 * definitions and calls their names, descriptions, schemas and arguments. Providers' own counts
 * replace these once they answer.
 */
final class Tokens {

    private Tokens() {}

    static long estimate(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    static long estimate(List<Message> messages) {
        long tokens = 3;
        for (Message message : messages) {
            tokens += 4 + estimate(message.text()) + estimateCalls(message.toolCalls());
        }
        return tokens;
    }

    /** Tool calls: each call's name and arguments, and a few tokens for its frame. */
    static long estimateCalls(List<ToolCall> calls) {
        long tokens = 0;
        if (calls != null) {
            for (ToolCall call : calls) {
                if (call != null && call.function() != null) {
                    tokens +=
                            8
                                    + estimate(call.function().name())
                                    + estimate(call.function().arguments());
                }
            }
        }
        return tokens;
    }

    /**
     * Tool definitions: name, description and schema; the schema's map text is about as long as its
     * JSON, near enough for an estimate.
     */
    static long estimateTools(List<Tool> tools) {
        long tokens = 0;
        if (tools != null) {
            for (Tool tool : tools) {
                if (tool != null && tool.function() != null) {
                    Tool.Function f = tool.function();
                    tokens +=
                            8
                                    + estimate(f.name())
                                    + estimate(f.description())
                                    + (f.parameters() == null
                                            ? 0
                                            : estimate(f.parameters().toString()));
                }
            }
        }
        return tokens;
    }

    static long estimateTexts(List<String> texts) {
        return texts.stream().mapToLong(Tokens::estimate).sum();
    }
}
