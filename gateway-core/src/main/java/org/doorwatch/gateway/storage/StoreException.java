package org.doorwatch.gateway.storage;

/** The store cannot be opened or used; the message says which file and what to do. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
