package org.doorwatch.gateway.storage;

/** Another process (a running gateway) holds the store's lock; the message names the store and the lock file. */
public final class StoreInUseException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreInUseException(String message) {
        super(message);
    }
}
