package org.doorwatch.gateway.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** Opens the package-private {@code add-user} command to tests in other packages. */
public final class AddUserForTests {
    private AddUserForTests() {}

    public static int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
        return AddUserCommand.run(argv, in, out, err);
    }
}
