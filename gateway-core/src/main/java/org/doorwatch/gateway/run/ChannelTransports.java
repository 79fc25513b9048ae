package org.doorwatch.gateway.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.Transport;

/**
 * The transports each channel's alerts go out by, for the dispatcher's lanes: MQTT for every
 * channel the rules route to, and for a configured channel what its config says (MQTT, a
 * webhook, or both). Built at start-up and again for a reloaded config.
 */
final class ChannelTransports {

    private ChannelTransports() {}

    static Map<String, List<Transport>> of(GatewayConfig config, Transport publisher, Transport webhooks) {
        Map<String, List<Transport>> out = new LinkedHashMap<>();
        for (String channel : config.engine().channels()) {
            out.put(channel, new ArrayList<>(List.of(publisher)));
        }
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            List<Transport> ts = new ArrayList<>();
            if (c.mqtt()) {
                ts.add(publisher);
            }
            if (c.webhook() != null) {
                ts.add(webhooks);
            }
            out.put(c.id(), ts);
        }
        return out;
    }
}
