package com.auterity.hub.workflow.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How finished executions are stored as JSON: their node runs in {@code executions.node_runs}, and
 * whole records as the lines of the {@link RecordJournal}. Fixed here, so that they do not change
 * with the API's Jackson settings.
 *
 * <p>Payloads (inputs and outputs) that are JSON are written as they are, under {@code in} and
 * {@code out}, not as escaped strings: a payload appears in several node runs, and the node runs in
 * a journal line, so escaping them cost most of the time of writing a record and a third of its
 * size. A payload that is not JSON (a text body) is kept as a string under {@code in_text} or
 * {@code out_text}. Read back, a payload is the exact text it was written from.
 *
 * <p>Reads also take the format of the first hub versions with {@code node_runs} (the records bound
 * by Jackson, payloads as strings).
 */
final class StoredRecords {

    /** Binds the first format; its factory parses and writes the current one. */
    private static final ObjectMapper LEGACY_JSON =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build();

    private static final JsonFactory FACTORY = LEGACY_JSON.getFactory();

    private static final TypeReference<List<Executions.NodeRun>> LEGACY_NODE_RUNS =
            new TypeReference<>() {};

    private StoredRecords() {}

    /** The node runs of an execution, as stored in {@code executions.node_runs}. */
    static String nodeRuns(List<Executions.NodeRun> runs) {
        StringWriter out = new StringWriter(256 * Math.max(1, runs.size()));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeNodeRuns(g, runs, new Payloads());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The node runs stored for execution {@code executionId}. */
    static List<Executions.NodeRun> nodeRuns(String executionId, String stored) {
        if (stored.startsWith("[{\"executionId\"")) {
            try {
                return LEGACY_JSON.readValue(stored, LEGACY_NODE_RUNS);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "The node runs of " + executionId + " are broken", e);
            }
        }
        try (JsonParser p = FACTORY.createParser(stored)) {
            p.nextToken();
            return readNodeRuns(p, stored, executionId);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The node runs of " + executionId + " are broken", e);
        }
    }

    /** A journal line: the record, then a line feed. */
    static byte[] line(Executions.Finished record) {
        var e = record.execution();
        var payloads = new Payloads();
        var out = new ByteArrayOutputStream(512 + record.nodeRuns().length());
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("workflow", e.workflowId());
            g.writeNumberField("version", e.workflowVersion());
            g.writeStringField("status", e.status().name());
            payloads.write(g, "in", e.input());
            payloads.write(g, "out", e.output());
            optional(g, "error", e.error());
            optional(g, "created_by", e.createdBy());
            optional(g, "created", e.createdAt());
            optional(g, "started", e.startedAt());
            optional(g, "finished", e.finishedAt());
            optional(g, "parent", e.parentExecutionId());
            g.writeFieldName("node_runs");
            g.writeRawValue(record.nodeRuns()); // written by nodeRuns(...): JSON
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The record of a journal line (without its line feed). */
    static Executions.Finished record(String line) throws IOException {
        if (line.startsWith("{\"execution\"")) {
            return LEGACY_JSON.readValue(line, Executions.Finished.class);
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            expect(p, JsonToken.START_OBJECT);
            String id = null, workflow = null, status = null, in = null, out = null;
            String error = null, createdBy = null, parent = null, nodeRuns = null;
            Instant created = null, started = null, finished = null;
            int version = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                p.nextToken(); // a line cut short fails in the parser
                switch (field) {
                    case "id" -> id = text(p);
                    case "workflow" -> workflow = text(p);
                    case "version" -> version = p.getIntValue();
                    case "status" -> status = text(p);
                    case "in", "in_text" -> in = payload(p, line, field);
                    case "out", "out_text" -> out = payload(p, line, field);
                    case "error" -> error = text(p);
                    case "created_by" -> createdBy = text(p);
                    case "created" -> created = Instant.parse(text(p));
                    case "started" -> started = Instant.parse(text(p));
                    case "finished" -> finished = Instant.parse(text(p));
                    case "parent" -> parent = text(p);
                    case "node_runs" -> nodeRuns = raw(p, line);
                    default -> p.skipChildren(); // a field of a later version
                }
            }
            if (p.nextToken() != null || id == null || status == null || nodeRuns == null) {
                throw new IOException("Not a whole execution record");
            }
            return new Executions.Finished(
                    new Executions.Execution(
                            id,
                            workflow,
                            version,
                            Executions.Status.valueOf(status),
                            in,
                            out,
                            error,
                            createdBy,
                            created,
                            started,
                            finished,
                            parent),
                    nodeRuns);
        }
    }

    private static void writeNodeRuns(
            JsonGenerator g, List<Executions.NodeRun> runs, Payloads payloads) throws IOException {
        g.writeStartArray();
        for (var run : runs) {
            g.writeStartObject();
            g.writeStringField("node", run.nodeId());
            g.writeStringField("type", run.nodeType());
            g.writeStringField("status", run.status());
            g.writeNumberField("attempts", run.attempts());
            optional(g, "port", run.port());
            payloads.write(g, "in", run.input());
            payloads.write(g, "out", run.output());
            optional(g, "error", run.error());
            optional(g, "started", run.startedAt());
            optional(g, "finished", run.finishedAt());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static List<Executions.NodeRun> readNodeRuns(
            JsonParser p, String text, String executionId) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("Node runs are an array");
        }
        List<Executions.NodeRun> runs = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String node = null, type = null, status = null, port = null;
            String in = null, out = null, error = null;
            Instant started = null, finished = null;
            int attempts = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                p.nextToken();
                switch (field) {
                    case "node" -> node = text(p);
                    case "type" -> type = text(p);
                    case "status" -> status = text(p);
                    case "attempts" -> attempts = p.getIntValue();
                    case "port" -> port = text(p);
                    case "in", "in_text" -> in = payload(p, text, field);
                    case "out", "out_text" -> out = payload(p, text, field);
                    case "error" -> error = text(p);
                    case "started" -> started = Instant.parse(text(p));
                    case "finished" -> finished = Instant.parse(text(p));
                    default -> p.skipChildren();
                }
            }
            runs.add(
                    new Executions.NodeRun(
                            executionId,
                            node,
                            type,
                            status,
                            attempts,
                            port,
                            in,
                            out,
                            error,
                            started,
                            finished));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("Node runs are an array of objects");
        }
        return runs;
    }

    /** A payload read back: the text of a JSON value as it was written, or a text. */
    private static String payload(JsonParser p, String text, String field) throws IOException {
        return field.endsWith("_text") ? text(p) : raw(p, text);
    }

    /** The text of the value the parser is at, as it stands in {@code text}. */
    private static String raw(JsonParser p, String text) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            p.getText(); // reads the string to its end
        } else {
            p.skipChildren();
        }
        int end = (int) p.currentLocation().getCharOffset();
        return text.substring(start, end);
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IOException("Expected " + token + " at " + p.currentLocation());
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void optional(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value.toString());
        }
    }

    /**
     * Writes payloads, checking each text once whether it is JSON: a node's input is mostly the
     * same text as the output before it.
     */
    private static final class Payloads {

        private final Map<String, Boolean> checked = new IdentityHashMap<>();

        void write(JsonGenerator g, String field, String payload) throws IOException {
            if (payload == null) {
                return;
            }
            if (checked.computeIfAbsent(payload, Payloads::isJson)) {
                g.writeFieldName(field);
                g.writeRawValue(payload);
            } else {
                g.writeStringField(field + "_text", payload);
            }
        }

        /** Whether the text is one JSON value, strict (as the reads parse it). */
        private static boolean isJson(String text) {
            try (JsonParser p = FACTORY.createParser(text)) {
                if (p.nextToken() == null) {
                    return false;
                }
                int depth = 0;
                do {
                    JsonToken t = p.currentToken();
                    if (t.isStructStart()) {
                        depth++;
                    } else if (t.isStructEnd()) {
                        depth--;
                    } else if (t == JsonToken.VALUE_STRING) {
                        p.getText(); // decodes it: a bad escape fails here
                    }
                } while (depth > 0 && p.nextToken() != null);
                return depth == 0 && p.nextToken() == null;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
