package org.doorwatch.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * How the simulator logs in to a broker with accounts (SPEC 10): each device as its device
 * account, the alert watcher as a receiver account, all with one password (what scripts/demo
 * gives the accounts it creates). {@link #NONE}: anonymous, one connection for every device
 * (an external broker without accounts, or a lab's {@code allowAnonymous}).
 */
record MqttLogin(char[] password, String reader) {

    static final MqttLogin NONE = new MqttLogin(null, null);

    static MqttLogin read(Path passwordFile, String reader) {
        if (passwordFile == null) {
            return NONE;
        }
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("--mqtt-password: " + passwordFile + " is empty");
            }
            return new MqttLogin(text.toCharArray(), reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("--mqtt-password: cannot read " + passwordFile + ": " + e.getMessage());
        }
    }

    boolean perDevice() {
        return password != null;
    }

    /** The alert watcher's login: the reader account, or null (anonymous). */
    org.doorwatch.testpeers.Login readerLogin() {
        return password == null ? null : new org.doorwatch.testpeers.Login(reader, new String(password));
    }

    /** Sets {@code account} and the password on {@code o}, when logging in at all. */
    void apply(MqttConnectOptions o, String account) {
        if (password != null) {
            o.setUserName(account);
            o.setPassword(password.clone());
        }
    }
}
