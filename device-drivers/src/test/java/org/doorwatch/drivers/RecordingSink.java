package org.doorwatch.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/** Records what a source delivered; thread-safe. */
final class RecordingSink implements EventSink {
    private final List<DoorEvent> events = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<InvalidFrame> invalid = new ArrayList<>();

    @Override
    public synchronized void onEvent(DoorEvent event, String source) {
        events.add(event);
        sources.add(source);
    }

    @Override
    public synchronized void onInvalid(InvalidFrame frame) {
        invalid.add(frame);
    }

    synchronized List<DoorEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<String> sources() {
        return List.copyOf(sources);
    }

    synchronized List<DoorEvent> events(Predicate<DoorEvent> p) {
        return events.stream().filter(p).toList();
    }

    synchronized List<DoorEvent> events(String device, EventType type) {
        return events(e -> device.equals(e.device()) && e.type() == type);
    }

    /** Events other than heartbeats: what a person would call "something happened". */
    synchronized List<DoorEvent> doorEvents() {
        return events(e -> e.type() != EventType.HEARTBEAT);
    }

    synchronized List<InvalidFrame> invalid() {
        return List.copyOf(invalid);
    }

    synchronized void clear() {
        events.clear();
        sources.clear();
        invalid.clear();
    }
}
