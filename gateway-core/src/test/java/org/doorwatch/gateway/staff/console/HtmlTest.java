package org.doorwatch.gateway.staff.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's one defence against injection: values never become markup. */
class HtmlTest {

    @Test
    void valuesAreEscapedForTextAndAttributes() {
        Html h = Html.of("<p title=\"{}\">{}</p>", "\" onmouseover=\"x", "<script>alert('1')</script> & more");
        assertThat(h.toString()).isEqualTo("<p title=\"&quot; onmouseover=&quot;x\">"
                + "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; more</p>");
    }

    @Test
    void markupAlreadySafeIsKeptAndNullIsEmpty() {
        Html inner = Html.of("<b>{}</b>", "<i>");
        assertThat(Html.of("<p>{}{}</p>", inner, null).toString()).isEqualTo("<p><b>&lt;i&gt;</b></p>");
        assertThat(Html.each(List.of("a", "<"), s -> Html.of("<li>{}</li>", s)).toString())
                .isEqualTo("<li>a</li><li>&lt;</li>");
    }

    @Test
    void aTemplateAndItsArgumentsMustAgree() {
        assertThatThrownBy(() -> Html.of("<p>{}</p>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.of("<p></p>", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathSegmentsAreEncodedAndRedirectsStayOnTheSite() {
        assertThat(Html.seg("3-1-101")).isEqualTo("3-1-101");
        assertThat(Html.seg("a/b c?d")).isEqualTo("a%2Fb%20c%3Fd");
        assertThat(Urls.local("/alerts/x?view=all", "/")).isEqualTo("/alerts/x?view=all");
        for (String bad : new String[] {null, "", "//evil.example", "/\\evil.example", "https://evil.example/",
            "evil", "/a\nb", "/a b", "/a\\b"}) {
            assertThat(Urls.local(bad, "/")).as(String.valueOf(bad)).isEqualTo("/");
        }
        assertThat(Urls.with("/?view=all#x", "done", "ack")).isEqualTo("/?view=all&done=ack#x");
        assertThat(Urls.with("/alerts/1", "done", "ack")).isEqualTo("/alerts/1?done=ack");
    }
}
