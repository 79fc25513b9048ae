package org.doorwatch.drivers;

import java.util.ArrayList;
import java.util.List;

/** Records status changes; thread-safe. */
final class RecordingStatus implements SourceStatusListener {
    record Change(String source, boolean up, String reason) {}

    private final List<Change> changes = new ArrayList<>();

    @Override
    public synchronized void onStatus(String source, boolean up, String reason) {
        changes.add(new Change(source, up, reason));
    }

    synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    synchronized Change last() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1);
    }

    synchronized long downs() {
        return changes.stream().filter(c -> !c.up()).count();
    }

    synchronized long ups() {
        return changes.stream().filter(Change::up).count();
    }
}
