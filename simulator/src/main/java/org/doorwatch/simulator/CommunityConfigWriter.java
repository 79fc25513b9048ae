package org.doorwatch.simulator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a generated community as a gateway config, so that a gateway can watch what the
 * simulator plays: {@code FILE} (YAML: site, the elderly policy, devices) and, beside it,
 * {@code FILE-households.csv} and {@code FILE-tenancies.csv} (the rentals' cards); with
 * {@code devicesCsv} the devices go to {@code FILE-devices.csv} instead of the YAML.
 */
final class CommunityConfigWriter {

    private CommunityConfigWriter() {}

    static void write(Community c, Path file) throws IOException {
        write(c, file, false);
    }

    static void write(Community c, Path file, boolean devicesCsv) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path households = folder.resolve(base + "-households.csv");
        Path tenancies = folder.resolve(base + "-tenancies.csv");
        try (Writer w = Files.newBufferedWriter(households, StandardCharsets.UTF_8)) {
            w.write("id,address,policy,tags,contact_name,contact_phone\n");
            for (SimHousehold h : c.households()) {
                String[] parts = h.id().split("-");
                String address = parts.length == 3 ? parts[0] + "栋" + parts[1] + "单元" + parts[2] : h.id();
                String policy = h.kind() == SimHousehold.Kind.ELDERLY ? "elderly-living-alone" : "";
                String tags = String.join(";", tags(h));
                w.write(h.id() + "," + address + "," + policy + "," + tags + ",,\n");
            }
        }
        try (Writer w = Files.newBufferedWriter(tenancies, StandardCharsets.UTF_8)) {
            w.write("credential,household,tenant,from,until\n");
            for (SimHousehold h : c.households()) {
                if (h.kind() == SimHousehold.Kind.RENTAL) {
                    for (String card : h.credentials()) {
                        w.write(card + "," + h.id() + ",,,\n");
                    }
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# A generated community of " + c.households().size() + " households (scripts/simulator --households).\n");
            w.write("site: { id: " + c.siteId() + ", timezone: " + c.zone().getId() + " }\n");
            w.write("mqtt: { embedded: { port: 1883 } }\n");
            w.write("storage: { path: " + base + "-data/gateway.db }\n");
            w.write("http: { port: 8080 }\n");
            w.write("policies:\n  elderly-living-alone:\n    inactivity: { warning: 24h, callBack: 48h, visit: 72h }\n"
                    + "    routine: {}\n");
            w.write("households:\n  - { file: " + households.getFileName() + " }\n");
            w.write("tenancies:\n  - { file: " + tenancies.getFileName() + " }\n");
            w.write("devices:\n");
            if (devicesCsv) {
                Path devices = folder.resolve(base + "-devices.csv");
                w.write("  - { file: " + devices.getFileName() + " }\n");
                try (Writer dw = Files.newBufferedWriter(devices, StandardCharsets.UTF_8)) {
                    dw.write("id,kind,household\n");
                    for (SimDevice d : c.devices()) {
                        dw.write(d.id() + "," + d.kind() + "," + (d.household() == null ? "" : d.household()) + "\n");
                    }
                }
                return;
            }
            for (SimDevice d : c.devices()) {
                // a shared gate-3 or intercom-3 is in building 3 (a flat's contact: its household's id says so)
                String building = d.household() == null && d.id().matches(".*-\\d+") ? d.id().substring(d.id().lastIndexOf('-') + 1) : null;
                w.write("  - { id: " + d.id() + ", kind: " + d.kind()
                        + (d.household() == null ? "" : ", household: \"" + d.household() + "\"")
                        + (building == null ? "" : ", building: \"" + building + "\"") + " }\n");
            }
        }
    }

    private static List<String> tags(SimHousehold h) {
        List<String> tags = new java.util.ArrayList<>();
        switch (h.kind()) {
            case ELDERLY -> {
                tags.add("elderly");
                if (h.rhythm().tag() != null) {
                    tags.add(h.rhythm().tag()); // read back by Community.fromConfig
                }
            }
            case RENTAL -> tags.add("rental");
            default -> { }
        }
        if (h.watch()) {
            tags.add("watch");
        }
        return tags;
    }
}
