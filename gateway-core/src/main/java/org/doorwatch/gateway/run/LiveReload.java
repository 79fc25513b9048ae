package org.doorwatch.gateway.run;

import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.AlertPublisher;
import org.doorwatch.gateway.delivery.Dispatcher;
import org.doorwatch.gateway.delivery.WebhookTransport;
import org.doorwatch.gateway.intake.DevicePorts;
import org.doorwatch.gateway.intake.EmbeddedIngest;
import org.doorwatch.gateway.intake.EventIntake;
import org.doorwatch.gateway.intake.MqttIngest;
import org.doorwatch.gateway.intake.TopicRoutes;
import org.doorwatch.gateway.mqtt.BrokerAccess;
import org.doorwatch.gateway.mqtt.BrokerGuard;
import org.doorwatch.gateway.writer.Command;
import org.doorwatch.gateway.writer.Writer;
import org.doorwatch.rules.Admission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a valid reloaded config to the running parts, on the reloader's thread
 * ({@link ConfigReloader} hands it over; docs/DESIGN.md, "Reload"). The engine takes it through
 * the writer, between two batches, queued before the device list changes so that an event of a
 * new device is applied after its device exists; the device list, webhooks, channel topics,
 * delivery lanes, the people transports (robots, SMS accounts and the people they address), MQTT
 * subscriptions (or the embedded broker's device topics), the embedded broker's accounts and
 * topic permissions (clients connecting from now on get them) and serial/TCP ports are swapped
 * in place; the people, roles, rosters, quiet hours
 * and re-notification reach the writer's schedule with the engine's config. {@code site.id},
 * {@code mqtt}, {@code storage} and {@code http} keep their running values until a restart (the
 * reloader says so in the log).
 */
final class LiveReload {

    private static final Logger LOG = LoggerFactory.getLogger(LiveReload.class);

    private final Writer writer;
    private final EventIntake intake;
    private final WebhookTransport webhooks;
    private final AlertPublisher publisher;
    private final ChannelTransports people;
    private final Dispatcher dispatcher;
    private final MqttIngest ingest;
    private final EmbeddedIngest embeddedIngest;
    private final BrokerGuard guard;
    private final DevicePorts ports;
    private final TopicRoutes.ProfileParsers profiles;

    LiveReload(Writer writer, EventIntake intake, WebhookTransport webhooks, AlertPublisher publisher,
               ChannelTransports people, Dispatcher dispatcher, MqttIngest ingest, EmbeddedIngest embeddedIngest,
               BrokerGuard guard, DevicePorts ports, TopicRoutes.ProfileParsers profiles) {
        this.writer = writer;
        this.intake = intake;
        this.webhooks = webhooks;
        this.publisher = publisher;
        this.people = people;
        this.dispatcher = dispatcher;
        this.ingest = ingest; // null with the embedded broker
        this.embeddedIngest = embeddedIngest; // null with an external broker
        this.guard = guard;
        this.ports = ports;
        this.profiles = profiles;
    }

    /** Applies {@code loaded} over {@code running}; returns the config now in force ({@code running} if applying failed). */
    GatewayConfig apply(GatewayConfig running, GatewayConfig loaded) {
        GatewayConfig next = keepRestartOnly(running, loaded);
        try {
            TopicRoutes routes = new TopicRoutes(next, profiles);
            writer.submit(new Command.Reconfigure(next));
            intake.admission(Admission.of(next.engine()));
            intake.timestampWindow(next.ingest().timestampWindow());
            webhooks.update(next);
            publisher.update(next);
            people.update(next);
            dispatcher.addChannels(people.lanes(next, publisher, webhooks));
            if (ingest != null) {
                ingest.update(routes);
            }
            if (embeddedIngest != null) {
                embeddedIngest.update(routes);
            }
            if (guard != null) {
                guard.update(new BrokerAccess(next));
            }
            ports.update(next);
            return next;
        } catch (RuntimeException e) {
            LOG.error("applying the reloaded config failed; parts of it may not be in force until a restart", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running;
    }

    /** {@code loaded} (its people too) with the running site id, broker, store and HTTP settings. */
    static GatewayConfig keepRestartOnly(GatewayConfig running, GatewayConfig loaded) {
        var e = loaded.engine();
        var engine = new org.doorwatch.rules.EngineConfig(running.siteId(), e.zone(), e.channels(), e.policies(),
                e.households(), e.devices(), e.tenancies(), e.routes(), e.templates(), e.rules());
        return new GatewayConfig(loaded.file(), running.siteId(), loaded.zone(), running.mqtt(), running.storage(),
                running.http(), engine, loaded.devices(), loaded.contacts(), loaded.channels(), loaded.profiles(),
                loaded.tenants(), loaded.ports(), loaded.sources(), loaded.people(), loaded.ingest());
    }
}
