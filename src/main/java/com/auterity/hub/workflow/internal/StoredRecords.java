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
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How finished executions are stored as JSON: their node runs in {@code executions.node_runs}, and
 * whole records as the lines of the {@link RecordJournal}. Fixed here, so that they do not change
 * with the API's Jackson settings.
 *
 * <p>Payloads (inputs and outputs) that are JSON are written as they are, not as escaped strings:
 * the node runs sit in a journal line, so escaping them cost most of the time of writing a record
 * and a third of its size. A payload that is not JSON (a text body) is kept as a string. Read back,
 * a payload is the exact text it was written from.
 *
 * <p>The node runs are an object: each distinct payload once, in {@code payloads} (JSON) or {@code
 * texts}, and the {@code runs}, whose {@code in} and {@code out} (or {@code in_text} and {@code
 * out_text}) are indexes into them. A node's input is mostly the output of the node before it, and
 * many nodes pass their input on unchanged, so a payload is stored once instead of up to twice per
 * node run. A run's {@code started} and {@code finished} are nanoseconds after {@code since} (the
 * first run's start), and it leaves out {@code status} when it is {@code completed} and {@code
 * attempts} when it is 1: written as timestamps and in full, these took half of a run's text.
 *
 * <p>Reads also take the formats of earlier hub versions: runs with timestamps and every field,
 * node runs as an array of runs with their payloads inline, and before that the records bound by
 * Jackson, payloads as strings.
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

    private static final String COMPLETED = "completed";

    private StoredRecords() {}

    /** The node runs of an execution, as stored in {@code executions.node_runs}. */
    static String nodeRuns(List<Executions.NodeRun> runs) {
        return nodeRuns(runs, payload -> false);
    }

    /**
     * The same, told which payloads are JSON for sure: those are not parsed to find out (the rest
     * are, once each).
     */
    static String nodeRuns(List<Executions.NodeRun> runs, Predicate<String> json) {
        var payloads = new Payloads(json);
        int[] refs = new int[2 * runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            refs[2 * i] = payloads.ref(runs.get(i).input());
            refs[2 * i + 1] = payloads.ref(runs.get(i).output());
        }
        Instant since = since(runs);
        StringWriter out = new StringWriter(128 * (1 + runs.size()));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("payloads");
            for (String payload : payloads.json) {
                g.writeRawValue(payload);
            }
            g.writeEndArray();
            if (!payloads.texts.isEmpty()) {
                g.writeArrayFieldStart("texts");
                for (String text : payloads.texts) {
                    g.writeString(text);
                }
                g.writeEndArray();
            }
            optional(g, "since", since);
            g.writeArrayFieldStart("runs");
            for (int i = 0; i < runs.size(); i++) {
                var run = runs.get(i);
                g.writeStartObject();
                g.writeStringField("node", run.nodeId());
                g.writeStringField("type", run.nodeType());
                if (!COMPLETED.equals(run.status())) {
                    g.writeStringField("status", run.status());
                }
                if (run.attempts() != 1) {
                    g.writeNumberField("attempts", run.attempts());
                }
                optional(g, "port", run.port());
                Payloads.writeRef(g, "in", refs[2 * i]);
                Payloads.writeRef(g, "out", refs[2 * i + 1]);
                optional(g, "error", run.error());
                offset(g, "started", since, run.startedAt());
                offset(g, "finished", since, run.finishedAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The time the runs' times are written from: the first run's start, if it has one. */
    private static Instant since(List<Executions.NodeRun> runs) {
        for (var run : runs) {
            Instant first = run.startedAt() != null ? run.startedAt() : run.finishedAt();
            if (first != null) {
                return first;
            }
        }
        return null;
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
            if (p.nextToken() == JsonToken.START_ARRAY) {
                // the format before payloads were stored once: each run with its payloads inline
                return readRuns(
                        p, executionId, null, (parser, field) -> payload(parser, stored, field));
            }
            return readNodeRuns(p, stored, executionId);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The node runs of " + executionId + " are broken", e);
        }
    }

    /** A journal line: the record, then a line feed. */
    static byte[] line(Executions.Finished record) {
        var e = record.execution();
        var out = new ByteArrayOutputStream(512 + record.nodeRuns().length());
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("workflow", e.workflowId());
            g.writeNumberField("version", e.workflowVersion());
            g.writeStringField("status", e.status().name());
            Payloads.write(g, "in", e.input());
            Payloads.write(g, "out", e.output());
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

    /** Reads the node runs object: the payloads, then the runs that refer to them. */
    private static List<Executions.NodeRun> readNodeRuns(
            JsonParser p, String text, String executionId) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("Node runs are an object");
        }
        List<String> json = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Executions.NodeRun> runs = null;
        Instant since = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            p.nextToken();
            switch (field) {
                case "since" -> since = Instant.parse(text(p));
                case "payloads" -> {
                    expectArray(p);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        json.add(raw(p, text));
                    }
                }
                case "texts" -> {
                    expectArray(p);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        texts.add(p.getText());
                    }
                }
                case "runs" -> // written after the payloads and the time it refers to
                        runs =
                                readRuns(
                                        p,
                                        executionId,
                                        since,
                                        (parser, ref) ->
                                                (ref.endsWith("_text") ? texts : json)
                                                        .get(parser.getIntValue()));
                default -> p.skipChildren();
            }
        }
        if (runs == null) {
            throw new IOException("Node runs without runs");
        }
        return runs;
    }

    /** How a run's {@code in}, {@code in_text}, {@code out} or {@code out_text} is read. */
    private interface PayloadReader {
        String read(JsonParser p, String field) throws IOException;
    }

    /**
     * Reads an array of runs, the parser at its start; their times are offsets from {@code since}
     * or timestamps.
     */
    private static List<Executions.NodeRun> readRuns(
            JsonParser p, String executionId, Instant since, PayloadReader payloads)
            throws IOException {
        expectArray(p);
        List<Executions.NodeRun> runs = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String node = null, type = null, status = COMPLETED, port = null;
            String in = null, out = null, error = null;
            Instant started = null, finished = null;
            int attempts = 1;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                p.nextToken();
                switch (field) {
                    case "node" -> node = text(p);
                    case "type" -> type = text(p);
                    case "status" -> status = text(p);
                    case "attempts" -> attempts = p.getIntValue();
                    case "port" -> port = text(p);
                    case "in", "in_text" -> in = payloads.read(p, field);
                    case "out", "out_text" -> out = payloads.read(p, field);
                    case "error" -> error = text(p);
                    case "started" -> started = time(p, since);
                    case "finished" -> finished = time(p, since);
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

    /** A run's time: nanoseconds after {@code since}, or a timestamp. */
    private static Instant time(JsonParser p, Instant since) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return Instant.parse(text(p));
        }
        if (since == null) {
            throw new IOException("A run's time is an offset, but there is no time it is from");
        }
        return since.plusNanos(p.getLongValue());
    }

    /** Writes {@code time} as nanoseconds after {@code since}. */
    private static void offset(JsonGenerator g, String field, Instant since, Instant time)
            throws IOException {
        if (time != null) {
            g.writeNumberField(field, since.until(time, ChronoUnit.NANOS));
        }
    }

    private static void expectArray(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("Expected an array at " + p.currentLocation());
        }
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
            char[] text = new char[30];
            int length = iso(value, text);
            g.writeFieldName(field);
            g.writeString(text, 0, length);
        }
    }

    /**
     * Writes {@code instant.toString()} into {@code text} (at least 30 chars), without the {@code
     * DateTimeFormatter} that it goes through: two timestamps per node run made it a fifth of the
     * time of writing a record. Returns the length.
     */
    static int iso(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            String other = instant.toString();
            other.getChars(0, other.length(), text, 0);
            return other.length();
        }
        int time = (int) Math.floorMod(seconds, 86_400);
        int i = digits(text, 0, date.getYear(), 4);
        text[i++] = '-';
        i = digits(text, i, date.getMonthValue(), 2);
        text[i++] = '-';
        i = digits(text, i, date.getDayOfMonth(), 2);
        text[i++] = 'T';
        i = digits(text, i, time / 3600, 2);
        text[i++] = ':';
        i = digits(text, i, time / 60 % 60, 2);
        text[i++] = ':';
        i = digits(text, i, time % 60, 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            // as Instant.toString: milli-, micro- or nanoseconds, whichever shows them all
            text[i++] = '.';
            if (nanos % 1_000_000 == 0) {
                i = digits(text, i, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                i = digits(text, i, nanos / 1_000, 6);
            } else {
                i = digits(text, i, nanos, 9);
            }
        }
        text[i++] = 'Z';
        return i;
    }

    /** Writes {@code value} as {@code count} decimal digits at {@code at}; returns the end. */
    private static int digits(char[] text, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }

    /**
     * The distinct payloads of a record, each checked once whether it is JSON: a node's input is
     * mostly the same text as the output before it.
     */
    private static final class Payloads {

        final List<String> json = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        private final Map<String, Integer> refs = new HashMap<>();
        private final Predicate<String> knownJson;

        Payloads(Predicate<String> knownJson) {
            this.knownJson = knownJson;
        }

        /**
         * The payload's reference: twice its index among the JSON payloads, or twice its index
         * among the texts plus one; -1 for none.
         */
        int ref(String payload) {
            if (payload == null) {
                return -1;
            }
            Integer known = refs.get(payload);
            if (known != null) {
                return known;
            }
            List<String> kind = knownJson.test(payload) || isJson(payload) ? json : texts;
            int ref = 2 * kind.size() + (kind == texts ? 1 : 0);
            kind.add(payload);
            refs.put(payload, ref);
            return ref;
        }

        /** Writes the payload itself: as it is if it is JSON, else as a string. */
        static void write(JsonGenerator g, String field, String payload) throws IOException {
            if (payload == null) {
                return;
            }
            if (isJson(payload)) {
                g.writeFieldName(field);
                g.writeRawValue(payload);
            } else {
                g.writeStringField(field + "_text", payload);
            }
        }

        /** Writes a reference made by {@link #ref}, if there is one. */
        static void writeRef(JsonGenerator g, String field, int ref) throws IOException {
            if (ref >= 0) {
                g.writeNumberField(ref % 2 == 0 ? field : field + "_text", ref / 2);
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
