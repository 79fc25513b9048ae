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

    /** {@code add-mqtt-user}. */
    public static int runMqtt(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
        return AddMqttUserCommand.run(argv, in, out, err);
    }

    /** {@code mosquitto-acl}. */
    public static int runMosquittoAcl(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return MosquittoAclCommand.run(argv, out, err);
    }
}
