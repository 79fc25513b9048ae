package org.doorwatch.gateway.mqtt;

/**
 * MQTT topic filter matching (MQTT 3.1.1, section 4.7): {@code +} one level, {@code #} the rest.
 * Here, at the wire, because the broker's permissions ({@link BrokerAccess}) and the intake's
 * topic routes both match with it, and the intake may import {@code mqtt} but not the reverse.
 */
public final class TopicFilter {

    private TopicFilter() {}

    /** Whether {@code topic} matches {@code filter}. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
