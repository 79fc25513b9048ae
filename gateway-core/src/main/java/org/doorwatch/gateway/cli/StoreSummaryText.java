package org.doorwatch.gateway.cli;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.storage.StoreCopy;

/** The lines that say what a store or backup holds: counts only, never a row's content. */
final class StoreSummaryText {

    private StoreSummaryText() {}

    static String size(long bytes) {
        return bytes >= 1_000_000 ? String.format("%.1f MB", bytes / 1e6) : String.format("%.1f kB", bytes / 1e3);
    }

    static List<String> lines(StoreCopy.Summary s, ZoneId zone) {
        List<String> out = new ArrayList<>();
        out.add("  schema version " + s.schemaVersion() + ", " + size(s.bytes()) + ", integrity ok");
        StringBuilder rows = new StringBuilder("  rows:");
        String sep = " ";
        for (Map.Entry<String, Long> e : s.rows().entrySet()) {
            rows.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            if (e.getKey().equals("outbox")) {
                rows.append(" (").append(s.owed()).append(" owed)");
            }
            sep = ", ";
        }
        out.add(rows.toString());
        out.add("  newest journal event received " + (s.newestEvent() == null ? "(none)"
                : AlertJson.time(s.newestEvent(), zone)));
        return out;
    }
}
