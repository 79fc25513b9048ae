package org.doorwatch.rules;

import java.util.List;

/**
 * An immutable map from ids to slots 0, 1, 2 ... in order of first occurrence: a repeated id
 * keeps its first slot. Built once per config; safe to read from any thread once published.
 *
 * <p>Why not a {@code HashMap<String, Integer>}: at a million households a map entry (32 B)
 * plus a boxed slot (16 B) per id is what the engine's state per household is made of. This is
 * open addressing with linear probing over two parallel arrays, at most half full: 16 B per id
 * and no node to chase. Ids are spread by Fibonacci hashing of {@code String.hashCode()}, whose
 * values for ids like {@code door-1}, {@code door-2} ... are close together and would
 * otherwise fill runs of neighbouring cells.
 */
final class IdIndex {

    /** 2^32 / golden ratio: multiplying by it scatters close hash codes over the table. */
    private static final int PHI = 0x9E3779B9;

    private final String[] keys;
    private final int[] slots;
    private final int mask;
    private final int shift;
    private final int size;

    private IdIndex(String[] keys, int[] slots, int size) {
        this.keys = keys;
        this.slots = slots;
        this.mask = keys.length - 1;
        this.shift = Integer.numberOfLeadingZeros(keys.length) + 1;
        this.size = size;
    }

    /** An index of {@code ids} (none null). */
    static IdIndex of(List<String> ids) {
        int capacity = 2;
        while (capacity < 2L * ids.size()) {
            capacity <<= 1;
        }
        String[] keys = new String[capacity];
        int[] slots = new int[capacity];
        int shift = Integer.numberOfLeadingZeros(capacity) + 1;
        int mask = capacity - 1;
        int size = 0;
        for (String id : ids) {
            int i = (id.hashCode() * PHI) >>> shift;
            while (keys[i] != null && !keys[i].equals(id)) {
                i = (i + 1) & mask;
            }
            if (keys[i] == null) {
                keys[i] = id;
                slots[i] = size++;
            }
        }
        return new IdIndex(keys, slots, size);
    }

    /** The slot of {@code id}, or -1 when it is not in the index. */
    int slot(String id) {
        int i = (id.hashCode() * PHI) >>> shift;
        String key;
        while ((key = keys[i]) != null) {
            if (key.equals(id)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** How many distinct ids. */
    int size() {
        return size;
    }
}
