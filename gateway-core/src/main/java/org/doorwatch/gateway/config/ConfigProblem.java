package org.doorwatch.gateway.config;

import java.nio.file.Path;

/**
 * One mistake in a config or data file, printed as {@code FILE:LINE:COLUMN: message}
 * (SPEC section 2). Line and column are 1-based; a problem with no position (an unreadable
 * file) prints as {@code FILE: message}.
 */
public record ConfigProblem(Path file, int line, int column, String message) implements Comparable<ConfigProblem> {

    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = file.toString().compareTo(o.file.toString());
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        if (c != 0) return c;
        return Integer.compare(column, o.column);
    }
}
