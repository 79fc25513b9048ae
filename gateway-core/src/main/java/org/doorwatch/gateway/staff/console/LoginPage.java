package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.doorwatch.gateway.staff.ApiException;

/**
 * 登录: the staff API's accounts, its lock-out and its answers. A good login puts the API's bearer
 * token in the session cookie ({@link Sessions}) and goes on to the page that asked for it.
 */
final class LoginPage {

    private final Sessions sessions;

    LoginPage(Sessions sessions) {
        this.sessions = sessions;
    }

    Reply show(Request r) {
        String nonce = Sessions.nonce();
        Html message = Html.EMPTY;
        if (r.param("out") != null) {
            message = Html.of("<div class=\"notice success\" role=\"status\"><p>您已退出登录。</p></div>");
        } else if (r.param("expired") != null) {
            message = Html.of("<div class=\"notice\" role=\"status\"><p>登录已过期，请重新登录。</p></div>");
        }
        return Reply.html(form(nonce, Urls.local(r.param("next"), "/"), null, message, null))
                .cookie(sessions.login(nonce));
    }

    Reply submit(Request r) throws Exception {
        String next = Urls.local(r.field("next"), "/");
        String name = r.form.getOrDefault("name", "").trim();
        String password = r.form.getOrDefault("password", "");
        String nonce = Sessions.nonce();
        // double submit: the form must repeat the cookie that only our login page set
        if (!Sessions.same(r.cookies.get(sessions.loginCookie()), r.form.get(Sessions.CSRF_FIELD))) {
            return Reply.html(403, form(nonce, next, name, Layout.problem(new Problems.Problem(403,
                    "登录页面已过期（或不是从本系统打开的），请再输入一次用户名和密码。", null)), null))
                    .cookie(sessions.login(nonce));
        }
        if (name.isEmpty() || password.isEmpty()) {
            // not sent to the API: an empty form is not a failed login attempt
            String field = name.isEmpty() ? "name" : "password";
            String message = name.isEmpty() ? "请输入用户名。" : "请输入密码。";
            return Reply.html(400, form(nonce, next, name, errorSummary(field, message), field))
                    .cookie(sessions.login(nonce));
        }
        ObjectNode body = Request.JSON.createObjectNode().put("name", name).put("password", password);
        JsonNode login;
        try {
            login = r.login(body);
        } catch (ApiException e) {
            Problems.Problem p = Problems.of(e);
            return Reply.html(p.status(), form(nonce, next, name, errorSummary("password", p.message()), "password"))
                    .cookie(sessions.login(nonce));
        }
        return Reply.redirect(next).cookie(sessions.session(login.get("token").asText())).cookie(sessions.endLogin());
    }

    private static Html errorSummary(String field, String message) {
        return Html.of("""
                <div class="notice error" role="alert" tabindex="-1" id="error-summary">
                <h2>无法登录</h2><p><a href="#{}">{}</a></p></div>""", field, message);
    }

    /** The form; {@code invalid} names the field the error is about (marked for screen readers). */
    private static Html form(String nonce, String next, String name, Html message, String invalid) {
        return Layout.bare("登录", Html.of("""
                <div class="login">
                <p class="brand-line">智慧门禁 · 关爱值守</p>
                <h1>登录</h1>
                <p class="lead">独居老人关爱、门禁安全报警。物业、社区、民警和安装人员使用本系统的账号登录。</p>
                {}
                <form method="post" action="/login" novalidate>
                <input type="hidden" name="csrf" value="{}">
                <input type="hidden" name="next" value="{}">
                <div class="field">
                <label for="name">用户名</label>
                <input id="name" name="name" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{}"{}>
                </div>
                <div class="field">
                <label for="password">密码</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required{}>
                </div>
                <button type="submit" class="button primary">登录</button>
                </form>
                <p class="hint">忘记密码或账号被锁定时，请联系系统管理员。</p>
                </div>""", message, nonce, next, name == null ? "" : name,
                Html.of("name".equals(invalid) ? " aria-invalid=\"true\" aria-describedby=\"error-summary\"" : ""),
                Html.of("password".equals(invalid) ? " aria-invalid=\"true\" aria-describedby=\"error-summary\"" : "")));
    }
}
