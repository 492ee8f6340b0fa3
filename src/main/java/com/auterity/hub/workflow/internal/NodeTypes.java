package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.spi.NodeType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link NodeType} bean, by the type names it declares. */
@Component
class NodeTypes {

    private final Map<String, NodeType> byName = new TreeMap<>();

    NodeTypes(List<NodeType> types) {
        for (NodeType type : types) {
            for (String name : type.types()) {
                NodeType previous = byName.put(name, type);
                if (previous != null) {
                    throw new IllegalStateException(
                            "Node type '"
                                    + name
                                    + "' is declared by both "
                                    + previous.getClass().getName()
                                    + " and "
                                    + type.getClass().getName());
                }
            }
        }
    }

    Optional<NodeType> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    Map<String, NodeType> all() {
        return byName;
    }

    Collection<NodeType> implementations() {
        return byName.values();
    }
}
