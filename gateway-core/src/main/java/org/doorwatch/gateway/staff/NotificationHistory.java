package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.notify.People;
import org.doorwatch.notify.Person;
import org.doorwatch.notify.Role;

/**
 * {@code history.notifications} of {@code GET /api/alerts/{id}} (处理过程, issue 14): every
 * message to people and what became of it, in time order, one regular entry each:
 * <pre>
 * {"kind":"attempt","at":"…","channel":"sms","transport":"sms","round":0,"to":"wang-li",
 *  "result":"delivered","code":null,"detail":"BizId 9006…","people":[{"id":"wang-li","roles":["neighbour-watcher"]}]}
 * </pre>
 * <ul>
 *   <li>{@code attempt}: one try of one message: {@code result} delivered, retry, failed or
 *       cancelled (a RESOLVED came before its time), the provider's {@code code} and answer or
 *       error in {@code detail};</li>
 *   <li>{@code queued}: a message not tried yet; {@code at} is when it may go (a WARNING held
 *       for the night, a roster's next shift), {@code result} held or sending;</li>
 *   <li>{@code renotify}, {@code pass-on}: a round sent again, or passed on to the next role
 *       ({@code roles}); {@code ended}: no more rounds, and why ({@code detail}: acknowledged,
 *       superseded by a later stage or RESOLVED, exhausted).</li>
 * </ul>
 * {@code to} and {@code people} name the people by id and role; their {@code name} and
 * {@code phone} only when {@code staff.auth.Access.seesPeople} allows (the caller decides).
 */
final class NotificationHistory {

    private record Line(Instant at, long order, ObjectNode json) {}

    private NotificationHistory() {}

    /**
     * @param personal whether names and phones are shown
     * @param time     an instant as the API writes it
     */
    static ArrayNode of(ReadStore reads, String alertId, People people, boolean personal, Function<Instant, String> time)
            throws SQLException {
        List<ReadStore.PeopleRow> rows = reads.peopleRows(alertId);
        List<Line> lines = new ArrayList<>();
        Set<Long> tried = new HashSet<>();
        for (ReadStore.AttemptRow a : reads.attempts(alertId)) {
            tried.add(a.outboxSeq());
            ReadStore.PeopleRow row = rows.stream().filter(r -> r.seq() == a.outboxSeq()).findFirst().orElse(null);
            if (row == null) {
                continue;
            }
            ObjectNode o = message("attempt", a.at(), row, people, personal, time);
            o.put("result", a.result());
            o.put("code", a.code());
            o.put("detail", a.detail());
            lines.add(new Line(a.at(), a.seq() * 2, o));
        }
        for (ReadStore.PeopleRow row : rows) {
            if (tried.contains(row.seq()) || row.deliveredAt() != null || row.failedAt() != null) {
                continue;
            }
            Instant at = row.nextAttempt() != null ? row.nextAttempt() : row.createdAt();
            ObjectNode o = message("queued", at, row, people, personal, time);
            boolean held = row.nextAttempt() != null && row.nextAttempt().isAfter(row.createdAt());
            o.put("result", held ? "held" : "sending");
            o.putNull("code");
            o.put("detail", held ? "waits for its time: quiet hours or the duty roster" : null);
            lines.add(new Line(at, Long.MAX_VALUE / 2 + row.seq(), o));
        }
        for (ReadStore.RoundRow r : reads.rounds(alertId)) {
            ObjectNode o = Routes.JSON.createObjectNode();
            o.put("kind", r.kind());
            o.put("at", time.apply(r.at()));
            if (r.round() == null) {
                o.putNull("round");
            } else {
                o.put("round", r.round());
            }
            o.put("roles", String.join(",", r.roles()));
            o.put("result", r.kind().equals("ended") ? "stopped" : "sent");
            o.put("detail", r.detail());
            lines.add(new Line(r.at(), r.seq() * 2 + 1, o));
        }
        lines.sort(Comparator.comparing(Line::at, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(Line::order));
        ArrayNode out = Routes.JSON.createArrayNode();
        lines.forEach(l -> out.add(l.json()));
        return out;
    }

    private static ObjectNode message(String kind, Instant at, ReadStore.PeopleRow row, People people, boolean personal,
                                      Function<Instant, String> time) {
        ObjectNode o = Routes.JSON.createObjectNode();
        o.put("kind", kind);
        o.put("at", time.apply(at));
        o.put("channel", row.channel());
        o.put("transport", row.transport());
        o.put("round", row.round());
        o.put("to", row.recipients().isEmpty() ? null : String.join(",", row.recipients()));
        List<String> names = new ArrayList<>();
        ArrayNode list = o.putArray("people");
        for (String id : row.recipients()) {
            ObjectNode p = list.addObject().put("id", id);
            Person person = people.get(id);
            ArrayNode roles = p.putArray("roles");
            if (person != null) {
                person.roles().stream().map(Role::id).forEach(roles::add);
                if (personal) {
                    p.put("name", person.name()).put("phone", person.phone());
                    names.add(person.name());
                }
            }
        }
        if (personal && !names.isEmpty()) {
            o.put("name", String.join("、", names));
        }
        return o;
    }
}
