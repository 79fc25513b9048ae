package org.doorwatch.gateway.alert;

import java.util.Comparator;
import org.doorwatch.domain.Alert;

/**
 * The order of replay output (SPEC section 5): by {@code ts}; ties by household, then by stage
 * order ({@link org.doorwatch.domain.Stage} declaration order). Alerts with no household sort
 * before those with one. Used with a stable sort, so anything still tied keeps the order the
 * engine raised it in.
 */
public final class AlertOrder {

    public static final Comparator<Alert> REPLAY = Comparator
            .comparing(Alert::ts)
            .thenComparing(a -> a.household() == null ? "" : a.household())
            .thenComparing(Alert::stage);

    private AlertOrder() {}
}
