package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.spi.NodeType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Building blocks of the Camel YAML DSL steps that node types compile to. */
final class Steps {

    private Steps() {}

    /**
     * A step or option map that keeps its keys in the order given (the compiled text is stable).
     */
    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Chooses the port a branching node sends the message to. */
    static Map<String, Object> port(String name) {
        return Map.of("setProperty", ordered("name", NodeType.PORT, "constant", name));
    }

    static Map<String, Object> header(String name, String value) {
        return Map.of("setHeader", ordered("name", name, "constant", value));
    }
}
