package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.doorwatch.rules.EngineConfig;

/**
 * The whole site configuration, parsed once, validated all at once, then frozen.
 *
 * @param file     the config file it was read from
 * @param siteId   {@code site.id}, used in topics and alert ids
 * @param zone     {@code site.timezone}
 * @param mqtt     broker settings
 * @param storage  SQLite settings
 * @param http     HTTP server settings
 * @param engine   what the rule engine needs (policies, households, devices, routes ...)
 * @param devices  devices with their transport details
 * @param contacts household contacts by household id: personal data, shown only to roles
 *                 that need it and never logged
 */
public record GatewayConfig(
        Path file,
        String siteId,
        ZoneId zone,
        MqttSettings mqtt,
        StorageSettings storage,
        HttpSettings http,
        EngineConfig engine,
        List<DeviceConfig> devices,
        Map<String, List<Contact>> contacts) {

    public GatewayConfig {
        devices = List.copyOf(devices);
        contacts = Map.copyOf(contacts);
    }

    /**
     * MQTT: an embedded broker on {@code embeddedPort}, or an external one at {@code url}.
     *
     * @param embeddedPort port of the in-process broker, or null when {@code url} is used
     * @param url          e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
     * @param username     for the external broker, or null
     * @param passwordFile file holding the password (never the password itself), or null
     * @param tls          TLS files for the external broker, or null
     */
    public record MqttSettings(Integer embeddedPort, String url, String username, Path passwordFile, TlsFiles tls) {
        public boolean embedded() {
            return url == null;
        }
    }

    /** PEM files for TLS; any may be null. */
    public record TlsFiles(Path caFile, Path certFile, Path keyFile) {}

    /**
     * @param path              the SQLite file
     * @param retainEventsDays  journal events older than this are purged daily
     */
    public record StorageSettings(Path path, int retainEventsDays) {}

    /** @param port the port of /health, /metrics and the staff API; 0 picks a free one */
    public record HttpSettings(int port) {}

    /**
     * A device with its transport.
     *
     * @param id        the device id
     * @param kind      e.g. door-contact, card-reader, gate, intercom
     * @param household the household its events belong to, or null
     * @param source    {@code mqtt}, {@code serial} or {@code tcp}
     */
    public record DeviceConfig(String id, String kind, String household, String source) {}

    /** A household contact (family member, neighbour). Personal data. */
    public record Contact(String name, String phone) {}
}
