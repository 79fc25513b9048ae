package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code users:} and {@code http.tls} (issue 7): read into typed settings, every mistake at its position. */
class UserSectionTest {

    static final String SITE = "site: { id: test-site }\n";

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void accountsRolesAndScopes() throws Exception {
        Files.writeString(dir.resolve("gateway.yml"), SITE + """
                http:
                  port: 0
                users:
                  file: secrets/users.passwd
                  lockoutAfter: 3
                  sessionTtl: 30m
                  accounts:
                    - { name: wang-property, roles: [property], households: ["3-*", "5-1-302"] }
                    - { name: admin, roles: [admin, installer] }
                """);
        GatewayConfig c = ConfigLoader.load(dir.resolve("gateway.yml"));
        GatewayConfig.UserSettings u = c.http().users();
        assertThat(u.file()).isEqualTo(dir.resolve("secrets/users.passwd").toAbsolutePath().normalize());
        assertThat(u.lockoutAfter()).isEqualTo(3);
        assertThat(u.sessionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(u.account("wang-property").households()).containsExactly("3-*", "5-1-302");
        assertThat(u.account("admin").roles()).containsExactly("admin", "installer");
        assertThat(u.account("admin").households()).isEmpty();
        assertThat(c.http().tls()).isNull();
    }

    @Test
    void mistakes() throws Exception {
        assertThat(fx.problems(SITE + """
                http:
                  tls: { certFile: nowhere.crt }
                users:
                  lockout: 5
                  sessionTtl: 8 hours
                  accounts:
                    - { name: "wang:property", roles: [property] }
                    - { name: li, roles: [polce] }
                    - { name: li, roles: [police] }
                    - { name: x, households: ["3 *"], roles: [admin] }
                    - { name: y }
                """)).containsExactly(
                "gateway.yml:3:8: http.tls: missing key 'keyFile'; expected a PEM private key file (PKCS#8)",
                "gateway.yml:3:20: http.tls.certFile: cannot read 'nowhere.crt': no such file",
                "gateway.yml:5:3: unknown key 'lockout' in 'users'; expected one of: accounts, file, lockoutAfter, sessionTtl",
                "gateway.yml:6:15: users.sessionTtl: bad duration '8 hours'; expected " + Durations.EXPECTED,
                "gateway.yml:8:15: users.accounts[0].name: 'wang:property' is not a valid login name; expected letters, digits and ._- (at most 64)",
                "gateway.yml:9:26: users.accounts[1].roles: unknown role 'polce' (did you mean 'police'?); expected property, community, police, installer, admin",
                "gateway.yml:10:15: users.accounts[2].name: 'li' is already an account; names are unique",
                "gateway.yml:11:30: users.accounts[3].households: '3 *' is not a household id or glob; expected e.g. 3-* or 5-1-302",
                "gateway.yml:12:7: users.accounts[4]: missing key 'roles'; expected a list of roles: property, community, police, installer, admin");
    }
}
