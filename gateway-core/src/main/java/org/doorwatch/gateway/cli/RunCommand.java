package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.storage.StoreException;
import sun.misc.Signal;

/**
 * {@code gateway run [--config FILE] [--start INSTANT] [--speed N] [--anchor INSTANT]}: the edge process. Runs until
 * SIGTERM or SIGINT, then stops in order (see {@link Gateway#close()}) and exits 0.
 *
 * <p>{@code --start}/{@code --speed} run the gateway on an accelerated clock that starts at
 * INSTANT and runs N times real time: for the simulator and for trying thresholds of days in
 * minutes. Never in the field: alert times would be fiction. {@code --anchor} is the real
 * instant at which the clock shows {@code --start} (default: the moment the gateway starts);
 * the simulator takes the same three options, so both processes read the same simulated time.
 */
final class RunCommand {

    static final String USAGE = "run [--config FILE] [--start INSTANT] [--speed N] [--anchor INSTANT]";

    private RunCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, Set.of("config", "start", "speed", "anchor"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.loadCounting(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        GatewayOptions options = GatewayOptions.defaults();
        Clock clock = clock(args, config);
        if (clock != null) {
            options = options.withClock(clock);
            err.println("run: accelerated clock " + clock + " (not for use in the field)");
        }

        CountDownLatch stop = new CountDownLatch(1);
        Gateway gateway;
        try {
            gateway = Gateway.start(config, options);
        } catch (StoreException | IOException e) {
            err.println("run: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try {
            gateway.watchConfig();
        } catch (IOException e) {
            err.println("run: config changes will not be picked up (" + e.getMessage() + "); restart to apply them");
        }
        String[] fatal = new String[1];
        gateway.onFatal(reason -> {
            fatal[0] = reason;
            stop.countDown();
        });
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // the JVM reserves it (-Xrs); the default handling ends the process
            }
        }
        out.println("gateway running: HTTP port " + gateway.httpPort()
                + (gateway.brokerPort() > 0 ? ", embedded MQTT broker on port " + gateway.brokerPort()
                        : ", broker " + config.mqtt().url())
                + "; Ctrl-C or SIGTERM stops it");
        out.flush();
        gateway.notifyReady();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fatal[0] != null) {
            err.println("run: stopping: " + fatal[0] + "; exit " + ExitCodes.FAILURE + " so that the supervisor restarts the "
                    + "gateway (nothing is lost: the store and the broker's queue keep what was not committed)");
            gateway.close();
            return ExitCodes.FAILURE;
        }
        err.println("run: stopping");
        gateway.close();
        return ExitCodes.OK;
    }

    private static Clock clock(Args args, GatewayConfig config) throws Args.UsageException {
        if (args.get("start") == null && args.get("speed") == null && args.get("anchor") == null) {
            return null;
        }
        Instant start = Instant.now();
        if (args.get("start") != null) {
            try {
                start = EventJson.parseTime(args.get("start"), config.zone());
            } catch (DateTimeException e) {
                throw new Args.UsageException("--start: " + e.getMessage());
            }
        }
        double speed = 1;
        if (args.get("speed") != null) {
            try {
                speed = Double.parseDouble(args.get("speed"));
            } catch (NumberFormatException e) {
                speed = -1;
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new Args.UsageException("--speed: expected a positive number such as 60, found '"
                        + args.get("speed") + "'");
            }
        }
        if (args.get("anchor") != null) {
            Instant anchor;
            try {
                anchor = EventJson.parseTime(args.get("anchor"), config.zone());
            } catch (DateTimeException e) {
                throw new Args.UsageException("--anchor: " + e.getMessage());
            }
            return AcceleratedClock.anchoredAt(start, anchor, speed, config.zone());
        }
        return AcceleratedClock.startingAt(start, speed, config.zone());
    }
}
