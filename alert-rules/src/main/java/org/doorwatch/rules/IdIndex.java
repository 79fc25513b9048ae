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
 * otherwise fill runs of neighbouring cells. Each cell's int holds the slot and, in its low 8
 * bits, the low byte of its key's hash code: a probe that meets another key rejects it 255 times
 * in 256 without touching that key's characters (with a million ids those strings are cache
 * misses: a third of an event's cost in the engine benchmark), at no extra memory. Hence at most
 * {@link #MAX_IDS} ids.
 */
final class IdIndex {

    /** 2^32 / golden ratio: multiplying by it scatters close hash codes over the table. */
    private static final int PHI = 0x9E3779B9;
    /** Slots take the upper 23 bits of a cell (the sign bit stays clear). */
    static final int MAX_IDS = 1 << 23;

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
            int hash = id.hashCode();
            int i = (hash * PHI) >>> shift;
            while (keys[i] != null && !(((slots[i] ^ hash) & 0xff) == 0 && keys[i].equals(id))) {
                i = (i + 1) & mask;
            }
            if (keys[i] == null) {
                if (size == MAX_IDS) {
                    throw new IllegalArgumentException("more than " + MAX_IDS + " distinct ids");
                }
                keys[i] = id;
                slots[i] = size++ << 8 | (hash & 0xff);
            }
        }
        return new IdIndex(keys, slots, size);
    }

    /** The slot of {@code id}, or -1 when it is not in the index. */
    int slot(String id) {
        int hash = id.hashCode();
        int i = (hash * PHI) >>> shift;
        String key;
        while ((key = keys[i]) != null) {
            int cell = slots[i];
            if (((cell ^ hash) & 0xff) == 0 && key.equals(id)) {
                return cell >>> 8;
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
