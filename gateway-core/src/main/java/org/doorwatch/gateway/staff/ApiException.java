package org.doorwatch.gateway.staff;

/**
 * A request the API refuses, with its status and the audit outcome it is logged as. The message
 * is shown to the caller: it never contains personal data, and a household out of scope is
 * "not found" exactly like one that does not exist.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String auditOutcome;

    private ApiException(int status, String auditOutcome, String message) {
        super(message, null, false, false);
        this.status = status;
        this.auditOutcome = auditOutcome;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad-request", message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(401, "unauthenticated", message);
    }

    public static ApiException failedLogin() {
        return new ApiException(401, "failed-login", "wrong name or password");
    }

    /** The caller's role has no business with this route. */
    public static ApiException forbidden() {
        return new ApiException(403, "denied", "your role may not use this");
    }

    /** Unknown, or outside the caller's scope: the same answer, so existence does not leak. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException locked() {
        return new ApiException(423, "locked", "this account is locked after too many failed logins; an admin can unlock it");
    }

    public int status() {
        return status;
    }

    public String auditOutcome() {
        return auditOutcome;
    }
}
