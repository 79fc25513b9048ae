package org.doorwatch.rules;

import java.util.ArrayList;

/**
 * Makes a batch of engine changes all-or-nothing. The first time a piece of state is touched in
 * a batch it hands over a closure that puts it back; {@link #rollback()} runs them newest first.
 *
 * <p>Why: the gateway commits alerts and state to SQLite after the engine computed them; if the
 * commit fails, the engine must look as if the batch never happened, so that the next tick
 * raises the same alerts again instead of believing they went out.
 */
final class UndoLog {

    /** State the log can put back. */
    interface Undoable {
        long undoMark();

        void undoMark(long mark);

        /** A closure that restores the current state. */
        Runnable saveState();
    }

    private long generation = 1;
    private final ArrayList<Runnable> undos = new ArrayList<>();

    /** Records {@code u}'s state unless it was already recorded in this batch. */
    void touch(Undoable u) {
        if (u.undoMark() != generation) {
            u.undoMark(generation);
            undos.add(u.saveState());
        }
    }

    void commit() {
        undos.clear();
        generation++;
    }

    void rollback() {
        for (int i = undos.size() - 1; i >= 0; i--) {
            undos.get(i).run();
        }
        commit();
    }
}
