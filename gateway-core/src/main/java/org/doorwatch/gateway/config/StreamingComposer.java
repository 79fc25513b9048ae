package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * SnakeYAML's composer, except that the items of the big top-level lists ({@code devices:},
 * {@code households:}) are not kept in the tree: each item is composed alone, handed to an
 * {@link ItemSink} and dropped, and the list's value in the tree is an empty sequence with the
 * list's own marks. So a community of 100,000 inline devices never holds a node tree of them
 * (about a kilobyte of nodes and marks per device, which made the heap of a 12 MB config reach
 * hundreds of MiB), while each item still has its lines and columns for the problems found in it.
 *
 * <p>Only the first occurrence of a streamed key at the top level is streamed; a repeated one
 * is composed as usual, so that the duplicate is reported where it was (and its items ignored,
 * as {@link YamlMap} keeps the first entry of a key). A value that is not a list (a mapping, a
 * scalar, nothing) is composed as usual and reported by the section reader.
 *
 * <p>Needs {@code parseComments} off (the default): comment events would be dropped unseen.
 */
final class StreamingComposer extends Composer {

    /** Takes the items of a streamed list as they are composed, in file order. */
    interface ItemSink {
        void item(String key, int index, Node item);
    }

    private final Parser events;
    private final Set<String> streamed;
    private final ItemSink sink;
    private final Set<String> seenTopKeys = new HashSet<>();
    /** Nesting depth of the mapping being composed: 1 while in the top-level mapping's entries. */
    private int depth;
    private MappingNode top;
    /** The top-level key whose value comes next, or null. */
    private String pendingKey;

    StreamingComposer(LoadSettings settings, Parser parser, Set<String> streamed, ItemSink sink) {
        super(settings, parser);
        this.events = parser;
        this.streamed = streamed;
        this.sink = sink;
    }

    @Override
    protected Node composeMappingNode(Optional<org.snakeyaml.engine.v2.common.Anchor> anchor) {
        depth++;
        try {
            return super.composeMappingNode(anchor);
        } finally {
            depth--;
        }
    }

    @Override
    protected Node composeKeyNode(MappingNode node) {
        Node key = super.composeKeyNode(node);
        if (depth == 1 && (top == null || top == node)) {
            top = node;
            pendingKey = key instanceof ScalarNode s ? s.getValue() : null;
        }
        return key;
    }

    @Override
    protected Node composeValueNode(MappingNode node) {
        String key = node == top ? pendingKey : null;
        pendingKey = null;
        boolean first = key != null && seenTopKeys.add(key);
        if (!first || !streamed.contains(key) || !events.checkEvent(Event.ID.SequenceStart)) {
            return super.composeValueNode(node);
        }
        SequenceStartEvent start = (SequenceStartEvent) events.next();
        SequenceNode list = new SequenceNode(Tag.SEQ, true, new ArrayList<>(0), start.getFlowStyle(),
                start.getStartMark(), Optional.empty());
        int index = 0;
        while (!events.checkEvent(Event.ID.SequenceEnd)) {
            // composeKeyNode composes any node (its parent only guards against recursion)
            Node item = super.composeKeyNode(node);
            sink.item(key, index++, item);
        }
        Event end = events.next();
        list.setEndMark(end.getEndMark());
        return list;
    }
}
