package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as spreadsheets save it: comma-separated, fields optionally in double quotes
 * (a quote inside doubled), CRLF or LF line ends, a UTF-8 byte-order mark tolerated. Each row
 * keeps the line number it starts on, so problems point into the CSV file itself.
 */
final class CsvReader {

    /** One row, the 1-based line it starts on, and the 1-based column each field starts at. */
    record Row(int line, List<String> fields, List<Integer> columns) {
        String field(int i) {
            return i < fields.size() ? fields.get(i).trim() : "";
        }

        int column(int i) {
            return i < columns.size() ? columns.get(i) : 1;
        }
    }

    /** Thrown for a quote that never closes; carries the line it opened on. */
    static final class CsvSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        CsvSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private CsvReader() {}

    static List<Row> parse(String text) throws CsvSyntaxException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int lineStart = 0;
        int fieldColumn = 1;
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean fieldStarted = false;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == '"' && field.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(field.toString());
                columns.add(fieldColumn);
                fieldColumn = i + 1 - lineStart + 1;
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                columns.add(fieldColumn);
                field.setLength(0);
                fieldStarted = false;
                addRow(rows, rowLine, fields, columns);
                fields = new ArrayList<>();
                columns = new ArrayList<>();
                line++;
                lineStart = i + 1;
                fieldColumn = 1;
                rowLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new CsvSyntaxException(quoteLine, "a quoted field opened here never closes");
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            columns.add(fieldColumn);
            addRow(rows, rowLine, fields, columns);
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> fields, List<Integer> columns) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
            rows.add(new Row(line, List.copyOf(fields), List.copyOf(columns)));
        }
    }
}
