package org.doorwatch.gateway.staff.console;

import java.util.concurrent.TimeoutException;
import org.doorwatch.gateway.staff.ApiException;
import org.doorwatch.gateway.writer.RejectedException;

/**
 * What went wrong, in Chinese, with what to do next; never a stack trace. The API's own message
 * (English, free of personal data) is kept as a detail for whoever supports the staff.
 */
final class Problems {

    /** A refusal or failure as a page shows it. */
    record Problem(int status, String message, String detail) {}

    private Problems() {}

    static Problem of(Throwable t) {
        if (t instanceof ApiException e) {
            return of(e);
        }
        if (t instanceof TimeoutException) {
            return new Problem(503, "系统正忙，请稍等片刻再试一次。", null);
        }
        if (t instanceof RejectedException) {
            return new Problem(404, "找不到这户住户。请从住户列表重新进入。", null);
        }
        return new Problem(500, "出错了，请稍后再试；如果一直出现，请联系系统管理员。", null);
    }

    static Problem of(ApiException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.status()) {
            case 400 -> new Problem(400, badInput(m), m);
            case 401 -> m.startsWith("wrong name")
                    ? new Problem(401, "用户名或密码不正确，请重新输入。", null)
                    : new Problem(401, "登录已过期，请重新登录。", null);
            case 403 -> new Problem(403, "这个页面或操作不对您的角色开放。如需使用，请联系系统管理员。", null);
            case 404 -> new Problem(404, "找不到该内容，或它不在您负责的范围内。请从列表重新进入。", null);
            case 409 -> new Problem(409, m.contains("acknowledged")
                    ? "您已经受理过这条报警，无需重复受理。" : "这项操作与当前状态冲突，请刷新后再试。", m);
            case 423 -> new Problem(423, "该账号因连续多次登录失败已被锁定，请联系系统管理员解锁。", null);
            case 503 -> new Problem(503, "系统正忙，请稍等片刻再试一次。", null);
            default -> new Problem(e.status(), "操作没有完成，请稍后再试。", m);
        };
    }

    /** The API's 400 messages name the field; say the same thing the way staff would. */
    private static String badInput(String m) {
        if (m.startsWith("until: only with")) {
            return "只有“随家人外出”和“住院”可以填写返回日期。";
        }
        if (m.startsWith("until:")) {
            return "返回日期的格式不对，请按 2026-11-30 这样的格式填写。";
        }
        if (m.startsWith("code: missing")) {
            return "请选择一项处理结果。";
        }
        if (m.startsWith("code:")) {
            return "处理结果不在可选范围内，请重新选择。";
        }
        if (m.startsWith("note:")) {
            return "备注太长了，最多 500 个字。";
        }
        if (m.startsWith("outcomes are recorded")) {
            return "只有独居老人的预警、电话回访、上门询问可以记录处理结果。";
        }
        return "填写的内容有误，请检查后再试。";
    }
}
