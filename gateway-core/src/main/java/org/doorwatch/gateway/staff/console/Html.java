package org.doorwatch.gateway.staff.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.Function;

/**
 * Markup that is safe to send: the console's one defence against injection. A template is a
 * constant written in this code; each {@code {}} in it takes an argument, which is escaped for
 * text and attribute values ({@code & < > " '}) unless it is already {@code Html}. So a value that
 * came from a device, the config or a staff member's note can never become markup.
 */
final class Html {

    static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /** {@code template} with each {@code {}} replaced by the next argument, escaped unless it is Html. */
    static Html of(String template, Object... args) {
        StringBuilder sb = new StringBuilder(template.length() + 16 * args.length);
        int arg = 0;
        int i = 0;
        while (true) {
            int at = template.indexOf("{}", i);
            if (at < 0) {
                break;
            }
            if (arg >= args.length) {
                throw new IllegalArgumentException("more {} than arguments in: " + template);
            }
            sb.append(template, i, at);
            append(sb, args[arg++]);
            i = at + 2;
        }
        if (arg != args.length) {
            throw new IllegalArgumentException("more arguments than {} in: " + template);
        }
        sb.append(template, i, template.length());
        return new Html(sb.toString());
    }

    /** Text, escaped. */
    static Html text(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return new Html(sb.toString());
    }

    static <T> Html each(Collection<T> items, Function<T, Html> render) {
        Builder b = new Builder();
        for (T t : items) {
            b.add(render.apply(t));
        }
        return b.build();
    }

    static Html when(boolean condition, java.util.function.Supplier<Html> then) {
        return condition ? then.get() : EMPTY;
    }

    /** One path segment of a URL, percent-encoded (then escaped like any value where it is used). */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder sb, Object v) {
        if (v instanceof Html h) {
            sb.append(h.markup);
            return;
        }
        String s = v == null ? "" : v.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }

    boolean isEmpty() {
        return markup.isEmpty();
    }

    @Override
    public String toString() {
        return markup;
    }

    /** Collects Html pieces in order. */
    static final class Builder {
        private final StringBuilder sb = new StringBuilder();

        Builder add(Html h) {
            sb.append(h.markup);
            return this;
        }

        Builder add(String template, Object... args) {
            return add(Html.of(template, args));
        }

        Html build() {
            return new Html(sb.toString());
        }
    }
}
