package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theStandardWebhooksReferenceVector() {
        byte[] key = WebhookSignature.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aPlainSecretIsUsedAsItIsWithoutItsTrailingNewline() {
        assertThat(WebhookSignature.key("s3cret\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("s3cret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatIsRetriedAndWhatFailsForGood() {
        assertThat(WebhookTransport.classify(200, Optional.empty())).isInstanceOf(Outcome.Delivered.class);
        assertThat(WebhookTransport.classify(204, Optional.empty())).isInstanceOf(Outcome.Delivered.class);
        assertThat(WebhookTransport.classify(503, Optional.empty())).isInstanceOf(Outcome.Retry.class);
        assertThat(WebhookTransport.classify(500, Optional.empty())).isInstanceOf(Outcome.Retry.class);
        assertThat(((Outcome.Retry) WebhookTransport.classify(429, Optional.of("30"))).notBefore())
                .hasSeconds(30);
        assertThat(WebhookTransport.classify(400, Optional.empty())).isInstanceOf(Outcome.Failed.class);
        assertThat(WebhookTransport.classify(401, Optional.empty())).isInstanceOf(Outcome.Failed.class);
        assertThat(WebhookTransport.classify(404, Optional.empty())).isInstanceOf(Outcome.Failed.class);
        assertThat(WebhookTransport.classify(301, Optional.empty())).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void backoffGrowsWithJitterUpToItsCap() {
        Backoff b = new Backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(60));
        for (int i = 0; i < 100; i++) {
            assertThat(b.delay(1).toMillis()).isBetween(500L, 1000L);
            assertThat(b.delay(4).toMillis()).isBetween(4000L, 8000L);
            assertThat(b.delay(30).toMillis()).isBetween(30_000L, 60_000L);
        }
    }
}
