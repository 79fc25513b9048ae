package org.doorwatch.testpeers;

/**
 * An MQTT account a peer logs in with (SPEC 10: the gateway's embedded broker refuses anonymous
 * clients). Where a peer takes a {@code Login}, null means anonymous (a test's own Mosquitto).
 */
public record Login(String user, String password) {
    public Login {
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("a login needs a user name and a password");
        }
    }
}
