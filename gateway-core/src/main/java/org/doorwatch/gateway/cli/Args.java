package org.doorwatch.gateway.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of the form {@code --name value} or {@code --name=value}. */
final class Args {

    /** A mistake on the command line; exits 2 with the usage. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    static Args parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        Args out = new Args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                out.positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                out.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                out.options.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return out;
    }

    String get(String name) {
        return options.get(name);
    }

    String get(String name, String def) {
        return options.getOrDefault(name, def);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }
}
