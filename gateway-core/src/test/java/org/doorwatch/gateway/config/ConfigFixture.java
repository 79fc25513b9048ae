package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes config files into a test's folder and loads them; problems come back as printed. */
final class ConfigFixture {

    private final Path dir;
    private Map<String, String> env = Map.of();

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    ConfigFixture env(Map<String, String> env) {
        this.env = env;
        return this;
    }

    /** Writes {@code name} (UTF-8) into the folder. */
    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    GatewayConfig load(String yaml) throws IOException, ConfigException {
        return ConfigLoader.load(write("gateway.yml", yaml), env::get);
    }

    /** The problems of {@code yaml} as printed, with the folder left out of the file names. */
    List<String> problems(String yaml) throws IOException {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
        }
        throw new AssertionError("expected problems, but the config loaded");
    }
}
