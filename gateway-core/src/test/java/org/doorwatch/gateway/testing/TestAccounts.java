package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.doorwatch.gateway.passwords.MqttPasswordHash;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.testpeers.Login;

/**
 * MQTT accounts of test sites (SPEC 10: the embedded broker refuses anonymous clients): every
 * device of a test config has a device account named like it, and {@link #CONSOLE} reads every
 * built-in channel's alerts. Passwords are derived from the name, hashes use Mosquitto's lowest
 * cost so that tests stay fast.
 */
public final class TestAccounts {

    /** The staff console's receiver account: a reader of property, community and police. */
    public static final String CONSOLE = "console";
    /** The file name TestConfigs gives {@code mqtt.embedded.usersFile}. */
    public static final String FILE = "mqtt-users.passwd";

    private TestAccounts() {}

    public static String password(String account) {
        return "pw-" + account + "-secret";
    }

    /** {@code account} with its test password. */
    public static Login login(String account) {
        return new Login(account, password(account));
    }

    /** The test console's login. */
    public static Login console() {
        return login(CONSOLE);
    }

    /** Adds (or resets) {@code accounts} in {@code file}. */
    public static void write(Path file, Collection<String> accounts) throws IOException {
        for (String a : accounts) {
            PasswordFile.put(file, a, MqttPasswordHash.hash(password(a).toCharArray(), 101));
        }
    }

    /** The account that may publish on {@code topic}: the device of a default device topic, else null. */
    public static String deviceOf(String topic) {
        String prefix = "gw/" + TestConfigs.SITE + "/devices/";
        if (topic.startsWith(prefix) && topic.endsWith("/events")) {
            return topic.substring(prefix.length(), topic.length() - "/events".length());
        }
        int sites = topic.indexOf("/devices/");
        if (topic.startsWith("gw/") && sites > 0 && topic.endsWith("/events")) {
            return topic.substring(sites + "/devices/".length(), topic.length() - "/events".length());
        }
        return null;
    }
}
