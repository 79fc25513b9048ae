package org.doorwatch.gateway.staff.console;

import io.vertx.core.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/** What a console handler answers: a page or fragment, a short text, or a redirect; with cookies. */
final class Reply {

    final int status;
    final String contentType;
    final String body;
    final String location;
    final List<Cookie> cookies = new ArrayList<>();

    private Reply(int status, String contentType, String body, String location) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.location = location;
    }

    static Reply html(int status, Html page) {
        return new Reply(status, "text/html; charset=utf-8", page.toString(), null);
    }

    static Reply html(Html page) {
        return html(200, page);
    }

    /** A short message for the page's script (after a write sent with fetch). */
    static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", message, null);
    }

    /** 303: after a POST the browser GETs {@code location}, so a reload does not send the form again. */
    static Reply redirect(String location) {
        return new Reply(303, null, "", location);
    }

    /** The same answer with another status (a form shown again after a refusal). */
    Reply withStatus(int newStatus) {
        Reply r = new Reply(newStatus, contentType, body, location);
        r.cookies.addAll(cookies);
        return r;
    }

    Reply cookie(Cookie c) {
        cookies.add(c);
        return this;
    }
}
