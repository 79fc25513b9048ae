package org.doorwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorwatch.gateway.testing.DocCommands;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ link to each other's sections since the README's text moved into docs/
 * (issue 21): every relative link of theirs names a file that exists and, with {@code #anchor},
 * a heading of that file (anchors as GitHub makes them: lower case, punctuation dropped, blanks
 * to hyphens).
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.+)$");

    @Test
    void everyRelativeLinkOfTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path doc : DocCommands.documents(ROOT)) {
            Matcher m = LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                links++;
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
                } else if (hash >= 0 && file.toString().endsWith(".md") && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading in " + ROOT.relativize(file) + ")");
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(anchor("Accounts on the device network (SPEC 10)")).isEqualTo("accounts-on-the-device-network-spec-10");
        assertThat(anchor("WG/UHPPOTE access controllers")).isEqualTo("wguhppote-access-controllers");
        assertThat(anchor("People: the three roles, WeCom, DingTalk and SMS (issue 14)"))
                .isEqualTo("people-the-three-roles-wecom-dingtalk-and-sms-issue-14");
    }

    private static Set<String> anchors(Path md) throws IOException {
        Set<String> out = new HashSet<>();
        Matcher h = HEADING.matcher(Files.readString(md, StandardCharsets.UTF_8));
        while (h.find()) {
            out.add(anchor(h.group(1)));
        }
        return out;
    }

    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }
}
