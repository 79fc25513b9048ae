package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.Redact;

/**
 * The summary {@code check-config} prints for a valid config: what an installer checks before
 * going live. Counts only for personal data (contacts, tenants): never a name or a number.
 * Secrets appear as where they come from ({@code file secrets/x.key}), never as their value.
 */
final class ConfigSummary {

    private ConfigSummary() {}

    static void print(GatewayConfig c, Path file, PrintStream out) {
        out.println(file + ": OK");
        out.println("site: " + c.siteId() + " (" + c.zone() + ")");
        GatewayConfig.MqttSettings m = c.mqtt();
        out.println("mqtt: " + (m.embedded() ? embedded(m.broker())
                : m.url() + (m.username() == null ? "" : " as " + m.username())
                        + (m.passwordFile() == null ? "" : ", password from a file")
                        + (m.tls() == null ? "" : ", TLS")));
        GatewayConfig.Retention kept = c.storage().retain();
        out.println("storage: " + shown(c.storage().path()) + ", kept: events " + Durations.format(kept.events())
                + ", alerts " + Durations.format(kept.alerts()) + ", audit " + Durations.format(kept.audit()));
        if (c.storage().legacyRetainKey()) {
            out.println("note: storage.retainEventsDays is the older spelling of storage.retain.events; "
                    + "it is still read, write retain: { events: " + Durations.format(kept.events()) + " } instead");
        }
        out.println("http: " + c.http().host() + ":" + c.http().port() + (c.http().tls() == null ? ", plain HTTP" : ", HTTPS"));

        List<Household> households = c.engine().households();
        Map<String, Integer> byPolicy = new TreeMap<>();
        Map<String, Integer> byTag = new TreeMap<>();
        for (Household h : households) {
            byPolicy.merge(h.policy() == null ? "(no policy)" : h.policy(), 1, Integer::sum);
            h.tags().forEach(t -> byTag.merge(t, 1, Integer::sum));
        }
        out.println("households: " + households.size() + ", " + c.contacts().size() + " with contacts");
        out.println("  by policy: " + counts(byPolicy));
        out.println("  by tag: " + (byTag.isEmpty() ? "(none)" : counts(byTag)));
        out.println("tenancies: " + c.engine().tenancies().size()
                + " (" + plural(c.engine().tenancies().stream().map(t -> t.household()).distinct().count(), "household") + ")");

        Map<String, Integer> bySource = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        c.devices().forEach(d -> {
            bySource.merge(d.source(), 1, Integer::sum);
            byKind.merge(d.kind(), 1, Integer::sum);
        });
        out.println("devices: " + c.devices().size());
        out.println("  by transport: " + (bySource.isEmpty() ? "(none)" : counts(bySource)));
        out.println("  by kind: " + (byKind.isEmpty() ? "(none)" : counts(byKind)));
        if (!c.ports().isEmpty()) {
            Map<String, Integer> onPort = new TreeMap<>();
            c.devices().forEach(d -> {
                if (d.port() != null) onPort.merge(d.port(), 1, Integer::sum);
            });
            List<String> ports = new ArrayList<>();
            c.ports().forEach(p -> ports.add("  " + p.id() + ": " + p.transport().sourceName() + ", " + p.protocol().protocolName()
                    + ", " + plural(onPort.getOrDefault(p.id(), 0), "device")));
            out.println("ports:");
            ports.forEach(out::println);
        }
        if (!c.profiles().isEmpty()) {
            out.println("profiles:");
            new TreeMap<>(c.profiles()).forEach((name, p) -> out.println("  " + name + ": "
                    + (p.builtin() != null ? "built-in " + p.builtin() : "time " + p.timeFormat())
                    + (p.topics().isEmpty() ? "" : ", topics " + String.join(" ", p.topics()))
                    + ", " + plural(c.devices().stream().filter(d -> name.equals(d.profile())
                            // a built-in profile names its devices in values.device (uhppoted-mqtt: controller/door)
                            || p.builtin() != null && p.values().getOrDefault("device", java.util.Map.of()).containsValue(d.id()))
                            .count(), "device")));
        }

        out.println("policies:");
        for (Policy p : new TreeMap<>(c.engine().policies()).values()) {
            out.println("  " + p.name() + ": " + (p.inactivity() == null ? "no inactivity watch"
                    : String.join(", ", p.inactivity().stages().stream()
                            .map(s -> s.stage() + " after " + Durations.format(s.after())).toList()))
                    + (p.routine() == null ? "" : "; " + routine(p.routine()))
                    + " (" + plural(byPolicy.getOrDefault(p.name(), 0), "household") + ")");
        }
        out.println("rules: " + rules(c.engine().rules()));
        DeviceRuleSummary.print(c.engine().rules(), c.engine().devices(), out);

        out.println("channels:");
        for (GatewayConfig.ChannelConfig ch : c.channels()) {
            out.printf("  %-12s %s%n", ch.id(), destinations(c, ch));
        }
        out.println("routes:");
        for (Map.Entry<String, Map<Stage, List<String>>> rule : c.engine().routes().table().entrySet()) {
            for (Map.Entry<Stage, List<String>> stage : new TreeMap<>(rule.getValue()).entrySet()) {
                List<String> roles = c.people().roles().roles(rule.getKey(), stage.getKey()).stream()
                        .map(org.doorwatch.notify.Role::id).filter(r -> !stage.getValue().contains(r)).toList();
                out.printf("  %-20s %-10s -> %s%s%s%n", rule.getKey(), stage.getKey(), String.join(", ", stage.getValue()),
                        roles.isEmpty() ? "" : " + people: " + String.join(", ", roles),
                        c.engine().rules().enabled(rule.getKey()) ? "" : "   (rule disabled)");
            }
        }
        PeopleSummary.print(c, out);
    }

    /** Where a channel's alerts go: its MQTT topic and webhook (address without query or secret). */
    static String destinations(GatewayConfig c, GatewayConfig.ChannelConfig ch) {
        List<String> parts = new ArrayList<>();
        if (ch.mqtt()) {
            parts.add("mqtt " + c.alertTopic(ch.id()));
        }
        if (ch.webhook() != null) {
            GatewayConfig.WebhookConfig w = ch.webhook();
            parts.add("webhook " + Redact.url(w.url().toString()) + " (secret from " + w.secret().source()
                    + ", timeout " + Durations.format(w.timeout()) + ", retried for " + Durations.format(w.retryFor()) + ")");
        }
        if (ch.wecom() != null) {
            var w = ch.wecom();
            parts.add("wecom robot " + Redact.url(w.url().toString()) + " (key from " + w.key().source() + ", "
                    + w.format().name().toLowerCase() + ", " + w.perMinute() + " a minute, then digests)");
        }
        if (ch.dingtalk() != null) {
            var d = ch.dingtalk();
            parts.add("dingtalk robot " + Redact.url(d.url().toString()) + " (signed; token from " + d.token().source()
                    + ", secret from " + d.secret().source() + ", " + d.format().name().toLowerCase() + ", " + d.perMinute()
                    + " a minute, then digests)");
        }
        if (ch.sms() != null) {
            var m = ch.sms();
            parts.add("sms " + m.provider() + " " + Redact.url(m.url().toString()) + " (template " + m.templateCode()
                    + ", key from " + m.accessKeyId().source() + ")");
        }
        return String.join("; ", parts);
    }

    /** The embedded broker's line; anonymous access is shouted, never a footnote. */
    private static String embedded(GatewayConfig.EmbeddedBrokerSettings b) {
        String line = "embedded broker on " + b.host() + ":" + b.port()
                + (b.tls() == null ? "" : ", TLS on port " + b.tlsPort())
                + ", accounts in " + shown(b.usersFile()) + ", messages up to " + b.maxMessageBytes() + " bytes";
        if (b.allowAnonymous()) {
            line += "\n!!! WARNING: mqtt.embedded.allowAnonymous is true: anyone on the network may publish door events "
                    + "and read every alert without an account. A lab setting; never on a community's network. !!!";
        }
        return line;
    }

    private static String rules(RuleSettings r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(RuleNames.DOOR_HELD_OPEN, "after " + Durations.format(r.heldOpenAfter()));
        p.put(RuleNames.ACCESS_DENIED_BURST, r.deniedBurstCount() + " in " + Durations.format(r.deniedBurstWindow()));
        p.put(RuleNames.DEVICE_OFFLINE, "after " + Durations.format(r.offlineAfter()));
        p.put(RuleNames.VISITOR_FREQUENCY, r.visitorCount() + " in " + Durations.format(r.visitorWindow()));
        p.put(RuleNames.WATCH_WINDOW, r.watchFrom() + "-" + r.watchTo());
        List<String> parts = new ArrayList<>();
        p.forEach((rule, v) -> {
            if (r.enabled(rule)) parts.add(rule + " " + v);
        });
        List<String> disabled = RuleNames.ALL.stream().filter(rule -> !r.enabled(rule)).toList();
        return String.join(", ", parts) + (disabled.isEmpty() ? "" : "; disabled: " + String.join(", ", disabled));
    }

    /** routine-deviation's settings as an installer reads them. */
    static String routine(Routine r) {
        return String.format(java.util.Locale.ROOT, "routine learned over %d days, NOTICE from day %d, "
                        + "margin %s or %s of the longest silence, up to %s later",
                r.learnDays(), r.minDays(), Durations.format(r.marginMin()),
                new java.math.BigDecimal(Double.toString(r.marginFraction())).stripTrailingZeros().toPlainString(),
                Durations.format(r.later()));
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A path relative to the working folder when it lies below it, as the installer typed it. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static String counts(Map<String, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }
}
