package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A CSV file with a header row, as a property office's spreadsheet exports it: UTF-8 (a BOM
 * is tolerated), columns found by their header name in any order. Problems point at the CSV's
 * own line and column; a file that cannot be read at all is reported at the YAML key that
 * names it.
 */
final class CsvTable {

    private final Path csv;
    private final Problems problems;
    private final Map<String, Integer> index;
    private final List<CsvReader.Row> rows;

    private CsvTable(Path csv, Problems problems, Map<String, Integer> index, List<CsvReader.Row> rows) {
        this.csv = csv;
        this.problems = problems;
        this.index = index;
        this.rows = rows;
    }

    /**
     * Reads {@code csv}; null when it cannot be used at all (unreadable, not UTF-8, no header,
     * a required column missing), with the problem recorded.
     *
     * @param reference the YAML value naming the file, where "cannot read" is reported
     * @param section   the YAML section, for messages ({@code households})
     * @param columns   the known columns, in the order messages list them
     * @param required  the columns that must be present
     */
    static CsvTable read(ConfigContext ctx, Path path, Node reference, String section,
                         List<String> columns, List<String> required) {
        // Problems name the CSV as the installer would type it, like the YAML file they came from.
        Path csv = Path.of(ConfigContext.show(path));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(csv))).toString();
        } catch (CharacterCodingException e) {
            ctx.at(reference, section + ": '" + ConfigContext.show(csv)
                    + "' is not UTF-8 text; save the spreadsheet as \"CSV UTF-8\"");
            return null;
        } catch (IOException e) {
            ctx.at(reference, section + ": cannot read '" + ConfigContext.show(csv) + "': " + ConfigLoader.describe(e));
            return null;
        }
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.parse(text);
        } catch (CsvReader.CsvSyntaxException e) {
            ctx.problems.at(csv, e.line, 1, e.getMessage());
            return null;
        }
        String expected = String.join(",", columns);
        if (rows.isEmpty()) {
            ctx.problems.at(csv, 1, 1, "empty file; expected a header row: " + expected);
            return null;
        }
        CsvReader.Row header = rows.get(0);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.field(i);
            if (!columns.contains(name)) {
                ctx.problems.at(csv, header.line(), header.column(i), "unknown column '" + name + "'"
                        + DidYouMean.hint(name, columns) + "; expected the header: " + expected);
            } else if (index.containsKey(name)) {
                ctx.problems.at(csv, header.line(), header.column(i), "column '" + name + "' appears twice in the header");
            } else {
                index.put(name, i);
            }
        }
        for (String r : required) {
            if (!index.containsKey(r)) {
                ctx.problems.at(csv, header.line(), 1, "the header has no '" + r + "' column; expected: " + expected);
                return null;
            }
        }
        List<CsvReader.Row> data = new ArrayList<>(rows.subList(1, rows.size()));
        int width = header.fields().size();
        for (CsvReader.Row row : data) {
            if (row.fields().size() > width) {
                ctx.problems.at(csv, row.line(), row.column(width), "row has " + row.fields().size()
                        + " fields but the header has " + width + " (a comma inside a value needs double quotes)");
            }
        }
        return new CsvTable(csv, ctx.problems, index, data);
    }

    Path file() {
        return csv;
    }

    List<CsvReader.Row> rows() {
        return rows;
    }

    /** The trimmed value of {@code column} in {@code row}; empty when absent. */
    String get(CsvReader.Row row, String column) {
        Integer i = index.get(column);
        return i == null ? "" : row.field(i);
    }

    boolean hasColumn(String column) {
        return index.containsKey(column);
    }

    /** The column (from 1) of {@code column}'s field in {@code row}: where a problem with it is reported. */
    int column(CsvReader.Row row, String column) {
        Integer i = index.get(column);
        return i == null ? 1 : row.column(i);
    }

    /** Records a problem at {@code column} of {@code row}. */
    void at(CsvReader.Row row, String column, String message) {
        Integer i = index.get(column);
        problems.at(csv, row.line(), i == null ? 1 : row.column(i), message);
    }

    /** Where a row is, for "first at" in duplicate messages. */
    String where(CsvReader.Row row) {
        return csv.getFileName() + ":" + row.line();
    }
}
