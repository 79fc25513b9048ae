package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects problems while a config is read, so that all of them are reported at once. */
final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    void at(Path file, Node node, String message) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        if (mark == null) {
            list.add(new ConfigProblem(file, 0, 0, message));
        } else {
            list.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    void at(Path file, int line, int column, String message) {
        list.add(new ConfigProblem(file, line, column, message));
    }

    /** Forgets every problem after the first {@code size}. */
    void truncate(int size) {
        list.subList(size, list.size()).clear();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /**
     * Problems of {@code primary} (the config file) first, then those of each other file in
     * the order the files were first complained about; within a file by line and column.
     */
    List<ConfigProblem> sorted(Path primary) {
        List<Path> order = new ArrayList<>();
        order.add(primary);
        for (ConfigProblem p : list) {
            if (!order.contains(p.file())) {
                order.add(p.file());
            }
        }
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(java.util.Comparator.<ConfigProblem>comparingInt(p -> order.indexOf(p.file()))
                .thenComparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }
}
