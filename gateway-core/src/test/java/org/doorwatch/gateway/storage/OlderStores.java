package org.doorwatch.gateway.storage;

import java.nio.file.Path;
import java.time.Clock;

/** For tests outside this package: a store with the schema of an earlier version only. */
public final class OlderStores {

    private OlderStores() {}

    public static void create(Path file, int version) throws StoreException {
        Database.createAtVersion(file, version, Clock.systemUTC());
    }
}
