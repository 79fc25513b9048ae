package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alert ids must never change: stored alerts, receivers' de-duplication and replays depend on them. */
class AlertIdsTest {

    @Test
    void theIdIsTheNameBasedUuidOfTheKey() {
        for (String name : new String[] {"", "a", "doorwatch/1|site|elderly-inactivity|3-2-501|WARNING|1700000000000",
                "doorwatch/1|胜利路|door-forced|door-3|ALARM|0|repeat-2", "x".repeat(1000)}) {
            assertThat(AlertIds.nameUuid(name))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void aKnownIdStaysTheSame() {
        // an id as stored by earlier versions: a change of the key or the hash would break it
        assertThat(AlertIds.of("s", "elderly-inactivity", "3-2-501", "WARNING", 1_700_000_000_000L))
                .isEqualTo(UUID.nameUUIDFromBytes("doorwatch/1|s|elderly-inactivity|3-2-501|WARNING|1700000000000"
                        .getBytes(StandardCharsets.UTF_8)).toString());
    }
}
