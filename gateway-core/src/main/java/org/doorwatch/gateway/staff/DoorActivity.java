package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.storage.ReadStore;

/**
 * {@code GET /api/households/{id}/activity?days=N}: how often a household's door was used, per
 * calendar day and hour of the site's zone, over the last {@code N} days (today included). It is
 * the data of the console's day × hour picture (issue 15) and answers with counts only: who came
 * and with which card stays in the timeline, which the same roles may read.
 *
 * <p>Activity is what SPEC 6.1 counts as a sign of life at the door: {@code DOOR_OPENED} and
 * {@code ACCESS_GRANTED}. {@code truncated} says the journal had more rows than one read returns.
 */
final class DoorActivity {

    static final Set<String> TYPES = Set.of(EventType.DOOR_OPENED.name(), EventType.ACCESS_GRANTED.name());
    static final int DEFAULT_DAYS = 14;
    static final int MAX_DAYS = 31;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DoorActivity() {}

    /** The {@code days} parameter: 1 to 31, 14 when absent; 400 otherwise. */
    static int days(String param) {
        if (param == null) {
            return DEFAULT_DAYS;
        }
        try {
            int n = Integer.parseInt(param);
            if (n >= 1 && n <= MAX_DAYS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("days: expected a whole number from 1 to " + MAX_DAYS);
    }

    /**
     * Counts {@code rows} into {@code days} rows of 24 hours, the last one {@code today}; rows
     * outside those days (device clocks run ahead) are not counted.
     */
    static ObjectNode grid(String household, List<ReadStore.EventRow> rows, LocalDate today, int days, ZoneId zone,
                           boolean truncated) {
        LocalDate first = today.minusDays(days - 1L);
        int[][] counts = new int[days][24];
        int total = 0;
        for (ReadStore.EventRow e : rows) {
            ZonedDateTime t = e.ts().atZone(zone);
            int day = (int) (t.toLocalDate().toEpochDay() - first.toEpochDay());
            if (day < 0 || day >= days) {
                continue;
            }
            counts[day][t.getHour()]++;
            total++;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("household", household);
        out.put("from", first.toString());
        out.put("to", today.toString());
        out.put("zone", zone.getId());
        ArrayNode types = out.putArray("types");
        TYPES.stream().sorted().forEach(types::add);
        ArrayNode list = out.putArray("days");
        for (int d = 0; d < days; d++) {
            ObjectNode o = list.addObject();
            o.put("date", first.plusDays(d).toString());
            ArrayNode hours = o.putArray("hours");
            for (int h = 0; h < 24; h++) {
                hours.add(counts[d][h]);
            }
        }
        out.put("total", total);
        out.put("truncated", truncated);
        return out;
    }
}
