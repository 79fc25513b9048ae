package org.doorwatch.gateway.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.AliyunSmsTransport;
import org.doorwatch.gateway.delivery.Backoff;
import org.doorwatch.gateway.delivery.DingTalkTransport;
import org.doorwatch.gateway.delivery.Transport;
import org.doorwatch.gateway.delivery.WeComTransport;

/**
 * The transports each channel's alerts go out by, for the dispatcher's lanes: MQTT for every
 * channel the rules route to, and for a configured channel what its config says (MQTT, a
 * webhook, a WeCom or DingTalk group robot, SMS; several at once). Built at start-up and again
 * for a reloaded config; each transport keeps its own lane per channel, so a provider that
 * answers errors or never answers holds up its own rows only.
 *
 * @param wecom    every WeCom group robot of the config
 * @param dingtalk every DingTalk robot
 * @param sms      every SMS account
 */
record ChannelTransports(WeComTransport wecom, DingTalkTransport dingtalk, AliyunSmsTransport sms) implements AutoCloseable {

    /** The people transports of {@code config}; a reload hands them the new config ({@link #update}). */
    static ChannelTransports start(GatewayConfig config, Backoff backoff, java.time.Clock wallClock, Executor http,
                                   String version) {
        return new ChannelTransports(new WeComTransport(config, backoff, wallClock, http, version),
                new DingTalkTransport(config, backoff, wallClock, http, version),
                new AliyunSmsTransport(config, backoff, wallClock, http, version));
    }

    /** A reloaded config: robots, accounts and the people they address (phones are looked up at each send). */
    void update(GatewayConfig next) {
        wecom.update(next);
        dingtalk.update(next);
        sms.update(next);
    }

    /** Every channel id with the transports its rows use, e.g. property -> [mqtt], sms -> [sms]. */
    Map<String, List<Transport>> lanes(GatewayConfig config, Transport publisher, Transport webhooks) {
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
            if (c.wecom() != null) {
                ts.add(wecom);
            }
            if (c.dingtalk() != null) {
                ts.add(dingtalk);
            }
            if (c.sms() != null) {
                ts.add(sms);
            }
            out.put(c.id(), ts);
        }
        return out;
    }

    @Override
    public void close() {
        wecom.close();
        dingtalk.close();
    }
}
