package org.doorwatch.gateway.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxStore;

/**
 * Which deliveries an alert owes to machines: for each of its channels, one MQTT row when the
 * channel publishes over MQTT and one webhook row when it has a webhook. A channel the config does
 * not describe is a built-in: MQTT only. The rows of WeCom, DingTalk and SMS channels address
 * people and come from {@link Notifications}.
 */
public final class ChannelPlan {

    private final Map<String, GatewayConfig.ChannelConfig> channels = new HashMap<>();

    public ChannelPlan(GatewayConfig config) {
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            channels.put(c.id(), c);
            if (!c.mqtt() && c.webhook() == null && !c.kind().addressesPeople()) {
                LOG.warn("channel {} has neither MQTT nor a webhook: alerts routed to it go nowhere", c.id());
            }
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChannelPlan.class);

    List<OutboxRow> rowsFor(Alert a, String json, long arrivalNanos) {
        List<OutboxRow> rows = new ArrayList<>(a.channels().size());
        String key = OutboxStore.orderKey(a.household(), a.device(), a.rule());
        for (String channel : a.channels()) {
            GatewayConfig.ChannelConfig c = channels.get(channel);
            if (c == null || c.mqtt()) {
                rows.add(new OutboxRow(0, a.id(), channel, OutboxRow.MQTT, key, json, a.ts(), null, 0, null, arrivalNanos));
            }
            if (c != null && c.webhook() != null) {
                rows.add(new OutboxRow(0, a.id(), channel, OutboxRow.WEBHOOK, key, json, a.ts(), null, 0, null, arrivalNanos));
            }
        }
        return rows;
    }
}
