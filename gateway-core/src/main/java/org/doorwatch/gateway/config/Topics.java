package org.doorwatch.gateway.config;

/** MQTT topic names and filters as the config may give them (MQTT 3.1.1, section 4.7). */
final class Topics {

    private Topics() {}

    /** Why {@code topic} cannot be published to, or null when it can. */
    static String nameProblem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "empty topic; expected e.g. gw/shengli-road/alerts/police";
        }
        if (topic.contains("+") || topic.contains("#")) {
            return "'" + topic + "' contains a wildcard (+ or #); expected a plain topic";
        }
        return common(topic);
    }

    /** Why {@code filter} cannot be subscribed to, or null when it can. */
    static String filterProblem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "empty topic filter; expected e.g. acme/+/event";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'" + filter + "': '#' must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'" + filter + "': '+' must be a whole level, e.g. acme/+/event";
            }
        }
        return common(filter);
    }

    private static String common(String topic) {
        if (topic.startsWith("$")) {
            return "'" + topic + "' starts with '$', which brokers reserve for themselves";
        }
        if (topic.indexOf('\0') >= 0) {
            return "topic contains a NUL character";
        }
        return null;
    }
}
