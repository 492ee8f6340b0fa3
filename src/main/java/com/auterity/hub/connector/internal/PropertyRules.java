package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.Connector;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one value against its property's definition in a connector's JSON schema: {@code type},
 * {@code enum}, {@code pattern}, {@code minimum}, {@code maximum}, and the formats {@code sql},
 * {@code file-name} and {@code relative-path} (names on a remote file system that must stay inside
 * a directory: these give the reason before the pattern is tried). Every text also obeys the hub's
 * own rules, as it ends up in a Kamelet's template: one line, no property placeholder ({@code {{
 * }}}), no simple expression ({@code ${}}), no leading {@code #} (Camel would read it as a bean
 * reference).
 */
final class PropertyRules {

    /** A SQL statement: one statement, values through named parameters only. */
    static final String SQL = "sql";

    /** The name of a file in a directory the connector fixes: no path. */
    static final String FILE_NAME = "file-name";

    /** A directory below the one the connector starts in: no absolute path, no way up. */
    static final String RELATIVE_PATH = "relative-path";

    private static final Pattern STATEMENT =
            Pattern.compile(
                    "^\\s*(select|insert|update|delete|with|merge|replace|upsert)\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)?");

    private PropertyRules() {}

    /** What is wrong with {@code value} for {@code property}, or {@code null}. */
    static String problem(Map<String, Object> property, Object value) {
        String type = String.valueOf(property.getOrDefault("type", "string"));
        switch (type) {
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    return "must be a whole number";
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    return "must be a number";
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    return "must be true or false";
                }
            }
            default -> {
                if (!(value instanceof String)) {
                    return "must be a text";
                }
            }
        }
        if (property.get("enum") instanceof List<?> allowed
                && allowed.stream()
                        .noneMatch(a -> String.valueOf(a).equals(String.valueOf(value)))) {
            return "must be one of " + allowed;
        }
        if (value instanceof Number number) {
            if (property.get("minimum") instanceof Number min
                    && number.doubleValue() < min.doubleValue()) {
                return "must be at least " + min;
            }
            if (property.get("maximum") instanceof Number max
                    && number.doubleValue() > max.doubleValue()) {
                return "must be at most " + max;
            }
            return null;
        }
        if (!(value instanceof String text)) {
            return null;
        }
        String hub = textProblem(text);
        if (hub != null) {
            return hub;
        }
        String path = pathProblem(property.get("format"), text);
        if (path != null) {
            return path;
        }
        if (property.get("pattern") instanceof String pattern) {
            try {
                if (!Pattern.compile(pattern).matcher(text).find()) {
                    return "must match " + pattern;
                }
            } catch (PatternSyntaxException e) {
                return "cannot be checked: the connector's pattern is invalid";
            }
        }
        if (SQL.equals(property.get("format"))) {
            return sqlProblem(text);
        }
        return null;
    }

    /** The rules for every text that reaches a Kamelet. */
    static String textProblem(String text) {
        if (text.contains("{{") || text.contains("}}")) {
            return "must not contain '{{' or '}}'";
        }
        if (text.contains("${")) {
            return "must not contain '${'";
        }
        if (text.startsWith("#")) {
            return "must not start with '#'";
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            return "must be one line, without control characters";
        }
        if (raw(text) == null) {
            return "must not contain both ')' and '}'";
        }
        return null;
    }

    /**
     * The text as a raw value of an endpoint URI's query, {@code RAW(...)} or {@code RAW{...}}, so
     * that Camel passes it on verbatim: no decoding, no splitting at {@code &}; {@code null} when
     * it holds both closing characters.
     */
    static String raw(String text) {
        if (text.indexOf(')') < 0) {
            return "RAW(" + text + ")";
        }
        if (text.indexOf('}') < 0) {
            return "RAW{" + text + "}";
        }
        return null;
    }

    /**
     * Why {@code text} of a {@link #FILE_NAME} or {@link #RELATIVE_PATH} property could name a file
     * outside the connector's directory, or {@code null}: an absolute path, a drive, a '..' or '.'
     * step, and for a file name any separator at all.
     */
    static String pathProblem(Object format, String text) {
        boolean fileName = FILE_NAME.equals(format);
        if (!fileName && !RELATIVE_PATH.equals(format)) {
            return null;
        }
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("^[A-Za-z]:.*")) {
            return fileName
                    ? "must be a file name, not an absolute path"
                    : "must be relative to the login directory, not an absolute path";
        }
        if (text.contains("..")) {
            return "must not contain '..'";
        }
        if (fileName && (text.indexOf('/') >= 0 || text.indexOf('\\') >= 0)) {
            return "must be a file name without a directory ('/' or '\\')";
        }
        for (String step : text.split("[/\\\\]", -1)) {
            if (step.isEmpty() || step.equals(".")) {
                return fileName
                        ? "must be a file name, not '.' or empty"
                        : "must be names separated by single '/', without '.' steps or a"
                                + " trailing '/'";
            }
        }
        return null;
    }

    /**
     * One statement whose values come only from named parameters: no {@code ?} placeholders, no
     * expressions in parameters ({@code :#${...}}), no second statement.
     */
    static String sqlProblem(String sql) {
        if (!STATEMENT.matcher(sql).find()) {
            return "must be one SELECT, INSERT, UPDATE, DELETE, WITH or MERGE statement";
        }
        if (sql.indexOf('?') >= 0) {
            return "must take its values through named parameters (:#field), not '?'";
        }
        String trimmed = sql.strip();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.indexOf(';') >= 0) {
            return "must be a single statement";
        }
        Matcher named = NAMED.matcher(sql);
        while (named.find()) {
            if (named.group(1) == null) {
                return "named parameters are :# followed by a field name, e.g. :#city";
            }
        }
        String withoutParameters = NAMED.matcher(sql).replaceAll("");
        if (withoutParameters.indexOf('#') >= 0 || withoutParameters.contains("RAW(")) {
            return "must not contain '#' but in named parameters (:#field)";
        }
        return null;
    }

    /** The schema's default of a property as text, or {@code null}. */
    static String defaultText(Connector connector, String property) {
        Object value = connector.properties().getOrDefault(property, Map.of()).get("default");
        return value == null ? null : String.valueOf(value);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
