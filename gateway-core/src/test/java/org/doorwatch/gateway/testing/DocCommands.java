package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The commands the documentation shows: every command line of the fenced {@code sh}, {@code bash},
 * {@code shell} and {@code console} blocks of {@code README.md} and {@code docs/*.md}. A block
 * with lines that start with {@code $ } is a transcript: only those lines are commands, the rest
 * is their output. Otherwise every line is a command but blank lines and {@code #} comments. A
 * line ending in {@code \} goes on on the next one (joined with one space); a trailing
 * {@code # comment} outside quotes is not part of the command. {@code DocsCommandsTest} checks
 * each one; integration tests run some of them as written ({@link #find}).
 */
public final class DocCommands {

    /** One command of a document: the file (relative to the repository), its first line, the text. */
    public record Command(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private static final Set<String> SHELL_BLOCKS = Set.of("sh", "bash", "shell", "console");

    private DocCommands() {}

    /** The documents whose commands are checked: README.md and every docs/*.md. */
    public static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Every command of every document of {@link #documents}. */
    public static List<Command> ofRepository(Path root) {
        List<Command> all = new ArrayList<>();
        for (Path doc : documents(root)) {
            all.addAll(extract(root.relativize(doc).toString(), read(doc)));
        }
        return all;
    }

    /** The commands of one document's text; {@code file} is what each command names as its place. */
    public static List<Command> extract(String file, String markdown) {
        List<Command> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            String info = fence.substring(3).strip();
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().startsWith("```")) {
                end++;
            }
            if (SHELL_BLOCKS.contains(info)) {
                block(file, lines, i + 1, end, out);
            }
            i = end;
        }
        return out;
    }

    private static void block(String file, String[] lines, int from, int to, List<Command> out) {
        boolean transcript = false;
        for (int i = from; i < to; i++) {
            if (lines[i].strip().startsWith("$ ")) {
                transcript = true;
            }
        }
        for (int i = from; i < to; i++) {
            String s = lines[i].strip();
            if (transcript) {
                if (!s.startsWith("$ ")) {
                    continue; // output
                }
                s = s.substring(2).strip();
            } else if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int first = i + 1;
            StringBuilder text = new StringBuilder();
            while (s.endsWith("\\") && i + 1 < to) {
                text.append(s, 0, s.length() - 1).append(' ');
                s = lines[++i].strip();
            }
            text.append(s);
            String command = withoutComment(text.toString()).replaceAll("\\s+", " ").strip();
            if (!command.isEmpty()) {
                out.add(new Command(file, first, command));
            }
        }
    }

    /** The line without a trailing {@code # comment}: a {@code #} after a blank, outside quotes. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    /**
     * The one command of {@code doc} (relative to the repository) that contains {@code part}, as
     * the document writes it: an integration test runs it as written (with its ports and secrets
     * put in), so the document cannot drift from what is run.
     */
    public static String find(Path root, String doc, String part) {
        List<String> found = extract(doc, read(root.resolve(doc))).stream().map(Command::text)
                .filter(t -> t.contains(part)).distinct().toList();
        if (found.size() != 1) {
            throw new AssertionError(doc + " should show exactly one command with '" + part + "', found " + found);
        }
        return found.get(0);
    }

    /**
     * Runs {@code command} with {@code bash -c} in {@code dir} (the environment plus {@code env},
     * {@code stdin} as its input) and returns its standard output; an AssertionError, with its
     * error output, unless it ends with exit code 0 within {@code timeout}.
     */
    public static String shell(Path dir, Map<String, String> env, String stdin, Duration timeout, String command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("doc-command", ".err");
        Process p = pb.redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("`" + command + "` did not end within " + timeout);
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("`" + command + "` exited " + p.exitValue() + "; stdout: " + stdout + "; stderr: " + read(err));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@code text} with {@code from} replaced by {@code to}; an AssertionError when {@code from} is not in it. */
    public static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new AssertionError("the documented command '" + text + "' no longer contains '" + from + "'");
        }
        return text.replace(from, to);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
