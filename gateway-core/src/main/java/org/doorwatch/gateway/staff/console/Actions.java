package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.doorwatch.gateway.staff.ApiException;

/**
 * The four things staff do about an alert — 受理 (acknowledge), 记录结果 (record an outcome),
 * 确认平安 (confirm well), 标记外出 (mark away) — and 取消外出. Each is one button and one confirm:
 * the button is a GET form that opens the confirm step (a page without script, the page's
 * {@code <dialog>} with it), whose POST form carries the CSRF token and goes to the staff API's
 * own route. After a POST sent by the script the answer is a short text and the script updates
 * the row in place; without script it is a 303 back to where the staff member was.
 */
final class Actions {

    /** The buttons of an alert row or page, for the roles that act (the API refuses the others anyway). */
    static Html buttons(Request r, JsonNode a, String back) {
        String state = a.path("state").asText();
        if (!r.hasAny(Layout.ACTORS) || "resolved".equals(state) || "RESOLVED".equals(a.path("stage").asText())) {
            return Html.EMPTY;
        }
        String id = a.path("id").asText();
        String household = Alerts.text(a, "household");
        String what = (household == null ? "" : Alerts.address(r, household) + " ") + Labels.stage(a.path("stage").asText());
        Html.Builder b = new Html.Builder();
        if ("open".equals(state)) {
            b.add(button("/alerts/" + Html.seg(id) + "/ack", "ack", "受理", what, back, "primary"));
        }
        if (Alerts.isElderlyStage(a) && household != null) {
            b.add(button("/alerts/" + Html.seg(id) + "/outcome", "outcome", "记录结果", what, back, ""));
            b.add(householdButtons(r, household, back, false));
        }
        return b.build();
    }

    /** 确认平安 and 标记外出 (or 取消外出 while away) of a household. */
    static Html householdButtons(Request r, String household, String back, boolean away) {
        if (!r.hasAny(Layout.ACTORS)) {
            return Html.EMPTY;
        }
        String base = "/households/" + Html.seg(household);
        String what = Alerts.address(r, household);
        return Html.of("{}{}", button(base + "/confirm-well", "confirm-well", "确认平安", what, back, ""),
                away ? button(base + "/away-clear", "away-clear", "取消外出", what, back, "")
                        : button(base + "/away", "away", "标记外出", what, back, ""));
    }

    private static Html button(String url, String action, String label, String what, String back, String cls) {
        return Html.of("""
                <form method="get" action="{}" data-confirm class="inline"><input type="hidden" name="back" value="{}">\
                <button type="submit" class="button small {}" data-action="{}">{}<span class="visually-hidden">：{}</span></button></form>""",
                url, back, cls, action, label, what);
    }

    // ------------------------------------------------------------------ acknowledge

    Reply ackForm(Request r) throws Exception {
        return ackStep(r, null);
    }

    private Reply ackStep(Request r, Problems.Problem problem) throws Exception {
        return step(r, problem, "受理这条报警？", alertSummary(r), Html.of("""
                <p class="hint">受理表示您已看到并开始处理。升级不会因此停止：只有开门活动、确认平安或外出才会停止。</p>
                {}""", note(r)), "确认受理");
    }

    Reply ack(Request r) throws Exception {
        String id = r.params.get("id");
        return send(r, "ack", () -> {
            r.post("POST /api/alerts/:id/ack", Map.of("id", id), body(r));
            return "已受理。";
        }, this::ackStep);
    }

    // ------------------------------------------------------------------ outcome

    Reply outcomeForm(Request r) throws Exception {
        return outcomeStep(r, null);
    }

    private Reply outcomeStep(Request r, Problems.Problem problem) throws Exception {
        Html.Builder radios = new Html.Builder();
        String chosen = r.field("code");
        Labels.OUTCOMES.forEach((code, label) -> radios.add("""
                <div class="radio"><input type="radio" id="code-{}" name="code" value="{}" required{}>\
                <label for="code-{}">{}<span class="hint">{}</span></label></div>""",
                code, code, Html.of(code.equals(chosen) ? " checked" : ""), code, label, Labels.outcomeEffect(code)));
        return step(r, problem, "记录处理结果", alertSummary(r), Html.of("""
                <fieldset class="field"><legend>结果</legend>{}</fieldset>
                {}
                {}""", radios.build(), until(r, "随家人外出、住院时可填；不填则直到取消外出"), note(r)), "记录结果");
    }

    Reply outcome(Request r) throws Exception {
        String id = r.params.get("id");
        return send(r, "outcome", () -> {
            ObjectNode body = body(r);
            if (r.field("code") != null) {
                body.put("code", r.field("code"));
            }
            if (r.field("until") != null) {
                body.put("until", r.field("until"));
            }
            r.post("POST /api/alerts/:id/outcome", Map.of("id", id), body);
            return "已记录：" + Labels.outcome(r.field("code")) + "。";
        }, this::outcomeStep);
    }

    // ------------------------------------------------------------------ household actions

    Reply confirmWellForm(Request r) throws Exception {
        return confirmWellStep(r, null);
    }

    private Reply confirmWellStep(Request r, Problems.Problem problem) throws Exception {
        return step(r, problem, "确认住户平安？", householdSummary(r), Html.of("""
                <p class="hint">请在见到住户或电话联系上住户后确认。确认后重新开始计时，这一轮的预警随之解除。</p>
                {}""", note(r)), "确认平安");
    }

    Reply confirmWell(Request r) throws Exception {
        String id = r.params.get("id");
        return send(r, "confirm-well", () -> {
            r.post("POST /api/households/:id/confirm-well", Map.of("id", id), body(r));
            return "已确认平安，重新开始计时。";
        }, this::confirmWellStep);
    }

    Reply awayForm(Request r) throws Exception {
        return awayStep(r, null);
    }

    private Reply awayStep(Request r, Problems.Problem problem) throws Exception {
        return step(r, problem, "标记住户外出？", householdSummary(r), Html.of("""
                <p class="hint">外出期间不再升级。到返回日期后自动恢复看护；不填日期则直到取消外出。</p>
                {}
                {}""", until(r, "可不填"), note(r)), "标记外出");
    }

    Reply away(Request r) throws Exception {
        String id = r.params.get("id");
        return send(r, "away", () -> {
            ObjectNode body = body(r);
            if (r.field("until") != null) {
                body.put("until", r.field("until"));
            }
            r.post("POST /api/households/:id/away", Map.of("id", id), body);
            return "已标记外出，期间不再升级。";
        }, this::awayStep);
    }

    Reply awayClearForm(Request r) throws Exception {
        return awayClearStep(r, null);
    }

    private Reply awayClearStep(Request r, Problems.Problem problem) throws Exception {
        return step(r, problem, "取消外出？", householdSummary(r),
                Html.of("<p class=\"hint\">取消后恢复正常看护，从现在起重新计时。</p>{}", note(r)), "取消外出");
    }

    Reply awayClear(Request r) throws Exception {
        String id = r.params.get("id");
        return send(r, "away-clear", () -> {
            r.post("DELETE /api/households/:id/away", Map.of("id", id), body(r));
            return "已取消外出，恢复正常看护。";
        }, this::awayClearStep);
    }

    // ------------------------------------------------------------------ the confirm step

    private interface Write {
        String run() throws Exception;
    }

    private interface Step {
        Reply render(Request r, Problems.Problem problem) throws Exception;
    }

    /** Sends a confirmed write; on a refusal shows the confirm step again, saying what to do. */
    private static Reply send(Request r, String done, Write write, Step step) throws Exception {
        String message;
        try {
            message = write.run();
        } catch (ApiException e) {
            Problems.Problem p = Problems.of(e);
            if (p.status() == 401 || p.status() == 403 || p.status() == 404) {
                return Console.problem(r, e); // nothing to correct in the form
            }
            Reply again = step.render(r, p);
            return again.withStatus(p.status());
        }
        if (r.fetch) {
            return Reply.text(200, message);
        }
        return Reply.redirect(Urls.with(r.back("/"), "done", done));
    }

    /**
     * A confirm step: a fragment for the dialog when the script asks, else a page. Its form posts
     * to the same address with the CSRF token and where to go back to.
     */
    private static Reply step(Request r, Problems.Problem problem, String title, Html summary, Html fields,
                              String submit) {
        String back = r.back("/");
        Html heading = Html.of(r.fetch ? "h2" : "h1");
        Html form = Html.of("""
                <form method="post" action="{}" class="confirm">
                <{} id="confirm-title">{}</{}>
                {}{}
                {}<input type="hidden" name="back" value="{}">
                {}
                <div class="buttons"><button type="submit" class="button primary" data-confirm-submit>{}</button>\
                <a href="{}" class="button secondary" data-close>取消</a></div>
                </form>""", r.path, heading, title, heading, problem == null ? Html.EMPTY : Layout.problem(problem),
                summary, Layout.csrfField(r), back, fields, submit, back);
        if (r.fetch) {
            return Reply.html(form);
        }
        return Reply.html(Layout.page(r, title, null, "page", Html.of("<div class=\"narrow\">{}</div>", form)));
    }

    private static Html note(Request r) {
        return Html.of("<div class=\"field\"><label for=\"note\">备注<span class=\"hint\">可不填，最多 500 字</span></label>"
                + "<textarea id=\"note\" name=\"note\" rows=\"2\" maxlength=\"500\">{}</textarea></div>",
                r.form.getOrDefault("note", ""));
    }

    private static Html until(Request r, String hint) {
        return Html.of("<div class=\"field\"><label for=\"until\">返回日期<span class=\"hint\">{}</span></label>"
                + "<input type=\"date\" id=\"until\" name=\"until\" value=\"{}\"></div>", hint,
                r.form.getOrDefault("until", ""));
    }

    private static ObjectNode body(Request r) {
        ObjectNode body = Request.JSON.createObjectNode();
        if (r.field("note") != null) {
            body.put("note", r.field("note"));
        }
        return body;
    }

    /** What the confirm step is about: the alert as the API gives it to this caller. */
    private static Html alertSummary(Request r) throws Exception {
        JsonNode a = r.get("GET /api/alerts/:id", Map.of("id", r.params.get("id")), Map.of());
        String household = Alerts.text(a, "household");
        return Html.of("<div class=\"summary\">{} <strong>{}</strong><p>{}</p></div>", Layout.stage(a.path("stage").asText()),
                household == null ? a.path("device").asText("") : Alerts.address(r, household), a.path("message").asText(""));
    }

    /** The household from the board (no contacts: the confirm step does not show them, so it does not ask). */
    private static Html householdSummary(Request r) throws Exception {
        String id = r.params.get("id");
        for (JsonNode h : r.get("GET /api/households", Map.of(), Map.of()).path("households")) {
            if (id.equals(h.path("id").asText())) {
                return Html.of("<div class=\"summary\"><strong>{}</strong> {}</div>", h.path("address").asText(),
                        HouseholdsPage.states(h));
            }
        }
        throw ApiException.notFound("household");
    }
}
