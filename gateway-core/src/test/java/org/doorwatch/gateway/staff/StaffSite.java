package org.doorwatch.gateway.staff;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.intake.Ingest;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;

/**
 * A small community for the staff API tests, read by the real config loader: buildings 3, 5 and
 * 7, elderly households with contacts, rental flats with tenants, and five accounts whose
 * passwords are in a real password file. Building 7 is outside every scope but the admin's.
 * {@link #writeConfig} writes the frame of such a site for other staff tests (the console's).
 */
public final class StaffSite {

    public static final String PASSWORD = "correct horse 7";
    /** A cheap hash cost so that a dozen logins stay fast on a busy machine; the field uses the default. */
    static final int TEST_ITERATIONS = 2_000;
    static final String[] USERS = {"wang-property", "zhao-grid", "li-police", "installer-1", "admin"};
    /** Personal data of the household outside every scope: must never reach a non-admin. */
    static final String OUTSIDE = "7-1-101";
    static final String OUTSIDE_PHONE = "13900000007";
    static final String OUTSIDE_TENANT = "外区租客";
    static final String INSIDE_PHONE = "13800000001";

    private StaffSite() {}

    /**
     * How every staff test site's config begins (this one's and the console's): the site and its
     * zone, the embedded broker and HTTP on free ports, the store, the elderly policy.
     */
    public static final String HEADER = """
            site: { id: test-site, timezone: Asia/Shanghai }
            mqtt:
              embedded: { port: 0 }
            storage: { path: data/gateway.db }
            http: { port: 0 }
            policies:
              elderly-living-alone:
                inactivity: { warning: 24h, callBack: 48h, visit: 72h }
            """;

    public static Path write(Path dir) throws Exception {
        return writeConfig(dir, """
                households:
                  - { id: "3-1-101", address: "3栋1单元101", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "张小明", phone: "13800000001" }] }
                  - { id: "3-1-103", address: "3栋1单元103", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "李女士", phone: "13800000003" }] }
                  - { id: "3-2-201", address: "3栋2单元201", tags: [rental], contacts: [{ name: "房东陈", phone: "13800000020" }] }
                  - { id: "5-1-302", address: "5栋1单元302", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "赵先生", phone: "13800000005" }] }
                  - { id: "7-1-101", address: "7栋1单元101", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "外区家属", phone: "13900000007" }] }
                  - { id: "7-2-201", address: "7栋2单元201", tags: [rental] }
                tenancies:
                  - { credential: "card:3A0001", household: "3-2-201", tenant: "本区租客", from: 2026-01-01, until: 2027-12-31 }
                  - { credential: "card:7A0001", household: "7-2-201", tenant: "外区租客", from: 2026-01-01, until: 2027-12-31 }
                devices:
                  - { id: door-3-1-101, kind: door-contact, household: "3-1-101" }
                  - { id: door-3-1-103, kind: door-contact, household: "3-1-103" }
                  - { id: intercom-3-2-201, kind: intercom, household: "3-2-201" }
                  - { id: door-5-1-302, kind: door-contact, household: "5-1-302" }
                  - { id: door-7-1-101, kind: door-contact, household: "7-1-101" }
                  - { id: intercom-7-2-201, kind: intercom, household: "7-2-201" }
                rules:
                  door-held-open: { enabled: false }
                  device-offline: { enabled: false }
                  visitor-frequency: { count: 3, window: 24h }
                """, """
                - { name: wang-property, roles: [property], households: ["3-*", "5-1-302"] }
                - { name: zhao-grid, roles: [community], households: ["3-*"] }
                - { name: li-police, roles: [police], households: ["3-*", "5-*"] }
                - { name: installer-1, roles: [installer] }
                - { name: admin, roles: [admin] }
                """, USERS);
    }

    /**
     * Writes {@code dir/gateway.yml}: {@link #HEADER}, then {@code body} (households, tenancies,
     * devices, rules), then the users section (password file {@code users.passwd}, lock-out after
     * 5, 8 h sessions) with {@code accounts} (YAML list items, one a line); and the password file,
     * in which each of {@code users} has {@link #PASSWORD}.
     */
    public static Path writeConfig(Path dir, String body, String accounts, String... users) throws Exception {
        Files.createDirectories(dir);
        String y = HEADER + body + """
                users:
                  file: users.passwd
                  lockoutAfter: 5
                  sessionTtl: 8h
                  accounts:
                """ + accounts.indent(4);
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, y, StandardCharsets.UTF_8);
        for (String u : users) {
            PasswordFile.put(dir.resolve("users.passwd"), u, PasswordHash.hash(PASSWORD.toCharArray(), TEST_ITERATIONS));
        }
        return file;
    }

    static Gateway start(Path file, Clock clock) throws Exception {
        return Gateway.start(ConfigLoader.load(file), GatewayOptions.defaults().withClock(clock));
    }

    /** Hands a device event to the gateway as a source would, and waits for its commit. */
    static void event(Gateway g, Instant ts, String device, EventType type, String credential) throws Exception {
        DoorEvent e = DoorEvent.device(ts, device, type);
        if (credential != null) {
            e = e.withCredential(credential);
        }
        g.ingest().accept(e, "test", Ingest.NO_ACK);
        g.flush().get(10, TimeUnit.SECONDS);
    }

    /** Makes the writer read the moved clock and commit what fell due. */
    static void tick(Gateway g) throws Exception {
        g.wake();
        g.flush().get(10, TimeUnit.SECONDS);
        g.flush().get(10, TimeUnit.SECONDS);
    }
}
