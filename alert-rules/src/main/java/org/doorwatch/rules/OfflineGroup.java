package org.doorwatch.rules;

import java.util.List;

/**
 * Devices that share a cause of silence: one port (a serial bus, a device server), one building
 * (its switch, its power), or the whole site (a power cut). When enough of them fall silent
 * together, device-offline raises one ALARM for the group instead of one per device
 * ({@link DeviceOfflineRule}); the devices it covers raise nothing of their own, and the group's
 * RESOLVED comes when the last of them is heard again.
 *
 * <p>The members are fixed per config; the open alarm's state (episode, channels, how many of
 * its devices are still silent) changes and is undoable. It is persisted through its devices:
 * each covered device's {@link DeviceState} names the group, its episode and channels.
 */
final class OfflineGroup implements UndoLog.Undoable {

    static final OfflineGroup[] NONE = new OfflineGroup[0];

    /** {@code port:<id>}, {@code building:<b>} or {@code site}: the alert's subject and the persisted name. */
    final String key;
    /** {@code port}, {@code building} or {@code site}. */
    final String kind;
    /** The port id, the building, or the site id. */
    final String name;
    /** Every configured device of the group, in config order. */
    DeviceWatch[] members = new DeviceWatch[0];

    /** A group ALARM is out and not resolved. */
    boolean open;
    /** Its episode: the earliest start of silence it counted. */
    long since;
    /** Where it went; the RESOLVED goes there too. */
    List<String> channels = List.of();
    /** Devices whose current silence it covers; at 0 it resolves. */
    int covered;

    private long undoMark;

    OfflineGroup(String kind, String name) {
        this.kind = kind;
        this.name = name;
        this.key = kind.equals("site") ? "site" : kind + ":" + name;
    }

    @Override
    public long undoMark() {
        return undoMark;
    }

    @Override
    public void undoMark(long mark) {
        undoMark = mark;
    }

    @Override
    public Runnable saveState() {
        final boolean savedOpen = open;
        final long savedSince = since;
        final List<String> savedChannels = channels;
        final int savedCovered = covered;
        return () -> {
            open = savedOpen;
            since = savedSince;
            channels = savedChannels;
            covered = savedCovered;
        };
    }

    @Override
    public String toString() {
        return "OfflineGroup[" + key + ", " + members.length + " devices" + (open ? ", open, " + covered + " covered" : "") + "]";
    }
}
