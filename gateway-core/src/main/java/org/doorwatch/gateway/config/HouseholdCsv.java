package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A household list exported from the property office's spreadsheet (SPEC section 3):
 * UTF-8, a header row {@code id,address,policy,tags,contact_name,contact_phone}, tags
 * separated by {@code ;}. Problems point at the CSV's own line and column.
 */
final class HouseholdCsv {

    static final List<String> COLUMNS = List.of("id", "address", "policy", "tags", "contact_name", "contact_phone");

    private final Path csv;
    private final Path configFile;
    private final Node reference;
    private final Problems problems;

    HouseholdCsv(Path csv, Path configFile, Node reference, Problems problems) {
        this.csv = csv;
        this.configFile = configFile;
        this.reference = reference;
        this.problems = problems;
    }

    void read(Map<String, Policy> policies, Map<String, String> seenAt, List<Household> out,
              Map<String, List<GatewayConfig.Contact>> contacts) {
        if (csv == null) {
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(csv))).toString();
        } catch (CharacterCodingException e) {
            problems.at(configFile, reference, "households: '" + csv + "' is not UTF-8; save the spreadsheet as CSV UTF-8");
            return;
        } catch (IOException e) {
            problems.at(configFile, reference, "households: cannot read '" + csv + "': " + ConfigLoader.describe(e));
            return;
        }
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.parse(text);
        } catch (CsvReader.CsvSyntaxException e) {
            problems.at(csv, e.line, 1, e.getMessage());
            return;
        }
        if (rows.isEmpty()) {
            problems.at(csv, 1, 1, "empty file; expected a header row: " + String.join(",", COLUMNS));
            return;
        }
        CsvReader.Row header = rows.get(0);
        int[] index = new int[COLUMNS.size()];
        Arrays.fill(index, -1);
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.field(i);
            int known = COLUMNS.indexOf(name);
            if (known < 0) {
                problems.at(csv, header.line(), header.column(i), "unknown column '" + name + "'"
                        + DidYouMean.hint(name, COLUMNS) + "; expected: " + String.join(",", COLUMNS));
            } else {
                index[known] = i;
            }
        }
        if (index[0] < 0) {
            problems.at(csv, header.line(), 1, "the header has no 'id' column; expected: " + String.join(",", COLUMNS));
            return;
        }
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            readRow(row, index, policies, seenAt, out, contacts);
        }
    }

    private void readRow(CsvReader.Row row, int[] index, Map<String, Policy> policies, Map<String, String> seenAt,
                         List<Household> out, Map<String, List<GatewayConfig.Contact>> contacts) {
        String id = get(row, index[0]);
        if (id.isEmpty()) {
            problems.at(csv, row.line(), row.column(index[0]), "id: empty; every row needs a household id");
            return;
        }
        String location = csv.getFileName() + ":" + row.line();
        String first = seenAt.putIfAbsent(id, location);
        if (first != null) {
            problems.at(csv, row.line(), row.column(index[0]), "duplicate household id '" + id + "' (first at " + first + ")");
            return;
        }
        String policy = get(row, index[2]);
        if (!policy.isEmpty() && !policies.containsKey(policy)) {
            problems.at(csv, row.line(), row.column(index[2]), "policy: unknown policy '" + policy + "'"
                    + DidYouMean.hint(policy, policies.keySet()));
            policy = "";
        }
        List<String> tags = new ArrayList<>();
        for (String tag : get(row, index[3]).split(";")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        String address = get(row, index[1]);
        out.add(new Household(id, address.isEmpty() ? null : address, policy.isEmpty() ? null : policy, tags));
        String name = get(row, index[4]);
        String phone = get(row, index[5]);
        if (!name.isEmpty() || !phone.isEmpty()) {
            contacts.put(id, List.of(new GatewayConfig.Contact(name.isEmpty() ? null : name, phone.isEmpty() ? null : phone)));
        }
    }

    private static String get(CsvReader.Row row, int i) {
        return i < 0 ? "" : row.field(i);
    }
}
