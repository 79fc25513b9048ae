package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * 设备, for installers: every device with when it was last heard, offline or fault, the door
 * left open, how it is connected (source and port) and whether that line is up. Problems first.
 * Households are shown by id only: the installer's API answer carries no resident data.
 */
final class DevicesPage {

    private DevicesPage() {}

    static Reply page(Request r) throws Exception {
        List<JsonNode> devices = new ArrayList<>();
        r.get("GET /api/devices", Map.of(), Map.of()).path("devices").forEach(devices::add);
        devices.sort(Comparator.comparing((JsonNode d) -> -trouble(d)).thenComparing(d -> d.path("id").asText()));
        int offline = 0;
        int faulty = 0;
        int lineDown = 0;
        for (JsonNode d : devices) {
            offline += d.path("offline").asBoolean() ? 1 : 0;
            faulty += d.path("faulty").asBoolean() ? 1 : 0;
            lineDown += "down".equals(d.path("transport").path("status").asText()) ? 1 : 0;
        }
        Html rows = devices.isEmpty() ? Html.of("<tr class=\"empty\"><td colspan=\"6\">没有设备。</td></tr>")
                : Html.each(devices, d -> row(r, d));
        return Reply.html(Layout.page(r, "设备", "devices", "page", Html.of("""
                <div class="page-head"><h1>设备</h1>
                <p class="counts">共 {} 台 · 离线 {} · 故障 {} · 线路断开 {}</p></div>
                <table class="list devices"><caption class="visually-hidden">设备列表，有问题的在前</caption>
                <thead><tr><th scope="col">设备</th><th scope="col">住户</th><th scope="col">接入</th><th scope="col">最后收到信号</th><th scope="col">状态</th><th scope="col">线路</th></tr></thead>
                <tbody>{}</tbody></table>""", devices.size(), offline, faulty, lineDown, rows)));
    }

    private static Html row(Request r, JsonNode d) {
        Instant heard = Times.parse(Alerts.text(d, "lastHeard"));
        String port = Alerts.text(d, "port");
        JsonNode t = d.path("transport");
        String reason = t.has("reason") ? t.path("reason").asText() : t.path("detail").asText("");
        return Html.of("""
                <tr data-device-id="{}" class="{}">
                <td data-label="设备"><strong>{}</strong><span class="device">{}</span></td>
                <td data-label="住户">{}</td>
                <td data-label="接入">{}{}</td>
                <td data-label="最后收到信号">{}{}</td>
                <td data-label="状态">{}</td>
                <td data-label="线路">{}<span class="device">{}</span></td>
                </tr>""", d.path("id").asText(), trouble(d) > 0 ? "row-trouble" : "", d.path("id").asText(),
                Labels.deviceKind(d.path("kind").asText()), d.path("household").asText("公共区域"),
                d.path("source").asText(""), port == null ? Html.EMPTY : Html.of("<span class=\"device\">端口 {}</span>", port),
                r.times.time(heard), heard == null ? Html.of("<span class=\"muted\"> 尚无信号</span>")
                        : Html.of("<span class=\"ago\">{}前</span>", r.times.since(heard)),
                state(d), line(t.path("status").asText()), reason);
    }

    private static Html state(JsonNode d) {
        Html.Builder b = new Html.Builder();
        if (d.path("offline").asBoolean()) {
            b.add("<span class=\"badge st-offline\">离线</span>");
        }
        if (d.path("faulty").asBoolean()) {
            b.add("<span class=\"badge st-alarm\">故障</span>");
        }
        if (d.path("open").asBoolean()) {
            b.add("<span class=\"badge st-warning\">门开着</span>");
        }
        Html out = b.build();
        return out.isEmpty() ? Html.of("<span class=\"badge st-normal\">正常</span>") : out;
    }

    private static Html line(String status) {
        return switch (status) {
            case "up" -> Html.of("<span class=\"good\">正常</span>");
            case "down" -> Html.of("<strong class=\"bad\">断开</strong>");
            default -> Html.of("<span class=\"muted\">未知</span>");
        };
    }

    private static int trouble(JsonNode d) {
        return (d.path("offline").asBoolean() ? 4 : 0) + (d.path("faulty").asBoolean() ? 2 : 0)
                + ("down".equals(d.path("transport").path("status").asText()) ? 1 : 0);
    }
}
