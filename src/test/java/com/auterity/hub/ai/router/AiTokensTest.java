package com.auterity.hub.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.ai.AiRouter.Tool;
import com.auterity.hub.ai.AiRouter.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token estimates count tool definitions and tool calls, not only message texts. */
class AiTokensTest {

    @Test
    void toolDefinitionsAndCallArgumentsAddToTheEstimate() {
        List<Message> asked = List.of(Message.of("user", "Weather in Boston?"));
        String arguments = "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}";
        List<Message> called =
                List.of(
                        Message.of("user", "Weather in Boston?"),
                        new Message(
                                "assistant",
                                null,
                                List.of(ToolCall.of("call_1", "get_weather", arguments)),
                                null));

        // the call's name and arguments (4 characters a token) and a frame of 8, and a message of 4
        assertThat(Tokens.estimate(called) - Tokens.estimate(asked))
                .isEqualTo(4 + 8 + Tokens.estimate("get_weather") + Tokens.estimate(arguments));

        Tool tool =
                new Tool(
                        "function",
                        new Tool.Function(
                                "get_weather",
                                "Get the current weather in a given location",
                                Map.of(
                                        "type",
                                        "object",
                                        "properties",
                                        Map.of("location", Map.of("type", "string"))),
                                null));
        long one = Tokens.estimateTools(List.of(tool));
        assertThat(one).isGreaterThan(8 + Tokens.estimate("get_weather") + 10);
        assertThat(Tokens.estimateTools(List.of(tool, tool))).isEqualTo(2 * one);
        assertThat(Tokens.estimateTools(null)).isZero();
    }
}
