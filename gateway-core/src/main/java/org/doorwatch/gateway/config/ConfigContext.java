package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What every section reader shares while one config file is read: the file (for positions),
 * its folder (relative paths resolve against it), the problems found so far, the environment
 * (for secrets from variables; injectable for tests) and the files read, which the reloader
 * watches.
 */
public final class ConfigContext {

    final Path file;
    final Path folder;
    final Problems problems;
    final Function<String, String> env;
    /** Every file this config was read from, the YAML first; absolute and normalized. */
    final Set<Path> sources = new LinkedHashSet<>();

    ConfigContext(Path file, Function<String, String> env) {
        this.file = file;
        Path parent = file.toAbsolutePath().normalize().getParent();
        this.folder = parent == null ? Path.of(".").toAbsolutePath() : parent;
        this.problems = new Problems();
        this.env = env;
        sources.add(file.toAbsolutePath().normalize());
    }

    /** Records a problem at {@code node}'s position in the YAML file. */
    void at(Node node, String message) {
        problems.at(file, node, message);
    }

    /** A path from the config, resolved against the config file's folder; null stays null. */
    Path path(String text) {
        if (text == null) {
            return null;
        }
        Path p = Path.of(text);
        return p.isAbsolute() ? p.normalize() : folder.resolve(p).normalize();
    }

    /** Like {@link #path} and remembers the file as a source of this config. */
    Path source(String text) {
        Path p = path(text);
        if (p != null) {
            sources.add(p);
        }
        return p;
    }

    /** The path as the installer knows it: relative to the working folder when it is below it. */
    public static String show(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
