package org.doorwatch.gateway.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz target (issue 19): the config loader, on an arbitrary {@code gateway.yml} beside an
 * arbitrary {@code households.csv} (which the YAML may name). Loading must end in a config or in a
 * {@link ConfigException} whose every problem names a place and says what is wrong; any other
 * exception, or a problem without a message, is a finding. Files live in a folder of their own
 * (under /dev/shm where there is one), written anew for each input.
 */
class ConfigLoaderFuzzTest {

    private static final Path DIR = folder();
    private static final Map<String, String> ENV = Map.of("DESK_SECRET", "desk-key");

    @FuzzTest
    void configFiles(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String csv = data.consumeString(2048);
        String yaml = data.consumeRemainingAsString();
        Path file = DIR.resolve("gateway.yml");
        try {
            Files.writeString(DIR.resolve("households.csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            GatewayConfig config = ConfigLoader.load(file, ENV::get);
            if (config.siteId() == null || config.engine() == null) {
                throw new AssertionError("a config without site or engine: " + config);
            }
        } catch (ConfigException e) {
            if (e.problems().isEmpty()) {
                throw new AssertionError("refused without a problem", e);
            }
            for (ConfigProblem p : e.problems()) {
                if (p.message() == null || p.message().isBlank()) {
                    throw new AssertionError("a problem without a message: " + p, e);
                }
            }
        }
    }

    private static Path folder() {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "config-fuzz") : Files.createTempDirectory("config-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String name : new String[] {"gateway.yml", "households.csv", ""}) {
                    dir.resolve(name).toFile().delete();
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
