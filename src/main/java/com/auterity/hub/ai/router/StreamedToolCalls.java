package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiRouter.ToolCall;
import com.auterity.hub.ai.AiRouter.ToolCallDelta;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the pieces of streamed tool calls into whole calls by their index: the first piece of a
 * call names it, the others append to its arguments. A call that streamed no arguments gets {@code
 * {}}.
 */
final class StreamedToolCalls {

    private final Map<Integer, String[]> calls = new TreeMap<>();
    private final Map<Integer, StringBuilder> arguments = new TreeMap<>();

    void add(ToolCallDelta piece) {
        String[] call = calls.computeIfAbsent(piece.index(), i -> new String[2]);
        if (piece.id() != null) {
            call[0] = piece.id();
        }
        if (piece.name() != null) {
            call[1] = piece.name();
        }
        if (piece.arguments() != null) {
            arguments
                    .computeIfAbsent(piece.index(), i -> new StringBuilder())
                    .append(piece.arguments());
        }
    }

    List<ToolCall> calls() {
        return calls.entrySet().stream()
                .map(
                        e -> {
                            StringBuilder args = arguments.get(e.getKey());
                            return ToolCall.of(
                                    e.getValue()[0],
                                    e.getValue()[1],
                                    args == null || args.isEmpty() ? "{}" : args.toString());
                        })
                .toList();
    }
}
