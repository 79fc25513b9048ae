package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are read, trimmed and kept out of every string the config produces. */
class SecretsTest {

    static final String MARKER = "hook-secret-XYZ987";

    @TempDir
    Path dir;

    @Test
    void aLoadedSecretIsInNoToString() throws Exception {
        ConfigFixture fx = new ConfigFixture(dir).env(Map.of("HOOK", MARKER));
        fx.write("hook.key", MARKER + "\n");
        GatewayConfig c = fx.load("""
                site: { id: s }
                channels:
                  a: { webhook: { url: "https://e.org/a", secretFile: hook.key } }
                  b: { webhook: { url: "https://e.org/b", secretEnv: HOOK } }
                """);
        assertThat(new String(c.channel("a").webhook().secret().value(), StandardCharsets.UTF_8)).isEqualTo(MARKER);
        assertThat(new String(c.channel("b").webhook().secret().value(), StandardCharsets.UTF_8)).isEqualTo(MARKER);
        assertThat(c.toString()).doesNotContain(MARKER).contains("Secret[file hook.key, 18 bytes]", "Secret[env HOOK, 18 bytes]");
    }

    @Test
    void aSecretPastedWhereItsVariableNameBelongsIsNotRepeated() throws Exception {
        assertThat(new ConfigFixture(dir).problems("""
                site: { id: s }
                channels:
                  a: { webhook: { url: "https://e.org/a", secretEnv: "9f8a7c-hook-secret" } }
                """)).singleElement().asString()
                .doesNotContain("9f8a7c")
                .endsWith("channels.a.webhook.secretEnv: not an environment variable name (not shown, in case it is the secret itself); "
                        + "expected upper-case letters, digits and '_', e.g. FAMILY_HOOK_SECRET");
    }

    @Test
    void aTokenInAWebhookAddressIsCutFromMessages() throws Exception {
        assertThat(new ConfigFixture(dir).problems("""
                site: { id: s }
                channels:
                  a: { webhook: { url: "htp://e.org/a?token=abc123", secretEnv: NOPE } }
                """)).first().asString().doesNotContain("abc123").contains("'htp://e.org/a?…'");
        assertThat(Redact.url("https://user:pw@e.org/x?k=v#f")).isEqualTo("https://…@e.org/x?…");
    }
}
