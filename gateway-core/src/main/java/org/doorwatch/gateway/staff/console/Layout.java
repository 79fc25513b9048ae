package org.doorwatch.gateway.staff.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.doorwatch.gateway.staff.auth.Role;

/**
 * The frame of every page: title, the menu for the caller's roles, who is logged in, logout, a
 * place for messages, the live region that announces changes to screen readers, and the one
 * {@code <dialog>} that the page script fills with a confirm step.
 *
 * <p>The menu only hides links a role has no use for; whether a page answers is the API's
 * decision (a hidden page typed by URL is refused by the API, and the page says so).
 */
final class Layout {

    /** A menu entry and the roles it is shown to. */
    record Item(String key, String href, String label, Set<Role> roles) {}

    static final Set<Role> ACTORS = Set.of(Role.PROPERTY, Role.COMMUNITY, Role.ADMIN);

    static final List<Item> MENU = List.of(
            new Item("alerts", "/", "报警", Set.of(Role.PROPERTY, Role.COMMUNITY, Role.POLICE, Role.ADMIN)),
            new Item("households", "/households", "住户", Set.of(Role.PROPERTY, Role.COMMUNITY, Role.ADMIN)),
            new Item("police", "/police", "民警", Set.of(Role.POLICE, Role.ADMIN)),
            new Item("devices", "/devices", "设备", Set.of(Role.INSTALLER, Role.ADMIN)),
            new Item("board", "/board", "大屏", Set.of(Role.PROPERTY, Role.COMMUNITY, Role.POLICE, Role.ADMIN)));

    /** Messages after a form sent without script (303 back with {@code done=...}); fixed texts only. */
    private static final Map<String, String> DONE = Map.of(
            "ack", "已受理。",
            "outcome", "处理结果已记录。",
            "confirm-well", "已确认平安，重新开始计时。",
            "away", "已标记外出，期间不再升级。",
            "away-clear", "已取消外出，恢复正常看护。");

    private Layout() {}

    /** The first menu page of the caller: where a role lands when the home page is not for it. */
    static String home(Request r) {
        for (Item i : MENU) {
            if (r.hasAny(i.roles())) {
                return i.href();
            }
        }
        return "/login";
    }

    static Html page(Request r, String title, String active, String script, Html content) {
        return page(r, title, active, script, "", content);
    }

    static Html page(Request r, String title, String active, String script, String bodyClass, Html content) {
        Html.Builder menu = new Html.Builder();
        for (Item i : MENU) {
            if (r.hasAny(i.roles())) {
                menu.add("<li><a href=\"{}\"{}>{}</a></li>", i.href(),
                        Html.of(i.key().equals(active) ? " aria-current=\"page\"" : ""), i.label());
            }
        }
        String roles = r.principal.roles().stream().sorted().map(x -> Labels.role(x.id()))
                .collect(Collectors.joining("、"));
        Html header = Html.of("""
                <header class="top">
                <div class="brand"><a href="{}">智慧门禁 · 关爱值守</a><span class="site">{}</span></div>
                <nav aria-label="主菜单"><ul>{}</ul></nav>
                <div class="user"><span>{}（{}）</span>
                <form method="post" action="/logout" class="inline">{}<button type="submit" class="link">退出登录</button></form></div>
                </header>
                """, home(r), r.config.siteId(), menu.build(), r.principal.name(), roles, csrfField(r));
        return document(title, script, bodyClass, Html.of("{}<main id=\"main\" tabindex=\"-1\">{}{}</main>", header,
                flash(r), content));
    }

    /** A page without a session (login, errors before login). */
    static Html bare(String title, Html content) {
        return document(title, null, "bare", Html.of("<main id=\"main\" tabindex=\"-1\">{}</main>", content));
    }

    private static Html document(String title, String script, String bodyClass, Html body) {
        return Html.of("""
                <!doctype html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · 智慧门禁关爱平台</title>
                <link rel="stylesheet" href="/console/console.css">
                <link rel="icon" href="/console/icon.svg" type="image/svg+xml">
                {}</head>
                <body class="{}">
                <a class="skip" href="#main">跳到主要内容</a>
                {}
                <div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
                <dialog id="confirm-dialog" aria-labelledby="confirm-title"></dialog>
                </body>
                </html>
                """, title,
                script == null ? Html.EMPTY : Html.of("<script type=\"module\" src=\"/console/js/{}.js\"></script>\n", script),
                bodyClass, body);
    }

    static Html csrfField(Request r) {
        return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", r.csrf);
    }

    private static Html flash(Request r) {
        String done = r.param("done");
        String text = done == null ? null : DONE.get(done);
        return text == null ? Html.EMPTY
                : Html.of("<div class=\"notice success\" role=\"status\"><p>{}</p></div>", text);
    }

    /** An error box at the top of a page or form, focusable so the keyboard lands on it. */
    static Html problem(Problems.Problem p) {
        return Html.of("<div class=\"notice error\" role=\"alert\" tabindex=\"-1\"><h2>出了点问题</h2><p>{}</p>{}</div>",
                p.message(), p.detail() == null ? Html.EMPTY
                        : Html.of("<p class=\"detail\">技术信息：{}</p>", p.detail()));
    }

    /** A stage as a coloured badge; the word is always there, colour is never the only sign. */
    static Html stage(String stage) {
        return Html.of("<span class=\"badge {}\">{}</span>", Labels.stageClass(stage), Labels.stage(stage));
    }

    static Html state(String state) {
        return Html.of("<span class=\"state state-{}\">{}</span>", state == null ? "unknown" : state,
                Labels.state(state));
    }
}
