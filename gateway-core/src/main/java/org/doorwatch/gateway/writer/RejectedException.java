package org.doorwatch.gateway.writer;

/** The engine cannot use a staff action: it names an unknown household, or misses one. */
public final class RejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public RejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The stable reason code, e.g. {@code unknown-household}. */
    public String reason() {
        return reason;
    }
}
