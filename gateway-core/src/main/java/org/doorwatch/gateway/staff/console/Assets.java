package org.doorwatch.gateway.staff.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The console's style sheet, icon and page scripts, read from the jar ({@code console/}) once at
 * start-up and served from memory: the gateway's Vert.x does not resolve files from the class
 * path, and a fixed list means nothing else under that folder can be fetched.
 */
final class Assets {

    /** One file: its bytes, type and a validator for conditional requests. */
    record Asset(byte[] bytes, String type, String etag) {}

    static final List<String> FILES = List.of("console.css", "icon.svg", "js/common.js", "js/queue.js",
            "js/households.js", "js/board.js", "js/page.js");

    private final Map<String, Asset> files = new HashMap<>();

    Assets() {
        for (String f : FILES) {
            try (InputStream in = Assets.class.getResourceAsStream("/console/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("console/" + f + " is missing from the jar");
                }
                byte[] b = in.readAllBytes();
                files.put(f, new Asset(b, type(f), "\"" + HexFormat.of().formatHex(sha256(b), 0, 8) + "\""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The file at {@code path} below {@code /console/}, or null. */
    Asset get(String path) {
        return files.get(path);
    }

    private static String type(String f) {
        if (f.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (f.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (f.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
