package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.testing.PeopleConfigs;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload keeps the running site id, broker, store and HTTP, and takes everything else: people too. */
class LiveReloadTest {

    @TempDir
    Path dir;

    @Test
    void aReloadTakesThePeopleRolesAndPolicyOfTheNewConfig() throws Exception {
        GatewayConfig running = TestConfigs.load(TestConfigs.write(dir.resolve("old"), "embedded: { port: 0 }", 0,
                "{ warning: 1h, callBack: 2h, visit: 3h }", 1));
        GatewayConfig loaded = TestConfigs.load(PeopleConfigs.write(dir.resolve("new"), new PeopleConfigs.Site(
                "embedded: { port: 1 }", 1, "{ warning: 1h, callBack: 4h, visit: 5h }", "{ after: 20m, times: 1 }",
                "http://127.0.0.1:9", "http://127.0.0.1:9", "http://127.0.0.1:9", "1s", 0, "1h")));
        assertThat(running.people().people().isEmpty()).isTrue();

        GatewayConfig next = LiveReload.keepRestartOnly(running, loaded);
        assertThat(next.people()).isSameAs(loaded.people());
        assertThat(next.people().people().size()).isEqualTo(6);
        assertThat(next.people().policy().renotify().after()).hasMinutes(20);
        assertThat(next.recipients().kind("sms").addressesPeople()).isTrue();
        assertThat(next.mqtt()).isEqualTo(running.mqtt());
        assertThat(next.storage()).isEqualTo(running.storage());
        assertThat(next.http().port()).isEqualTo(running.http().port());
    }
}
