package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.Household;

/**
 * The engine's live state for one household. Kept small and flat: a million of these is the
 * design load. Its single queue slot holds the end of its away period while away, else the
 * earlier of its next escalation stage and its routine NOTICE ({@link EventRouter#reschedule}).
 */
final class HouseholdWatch extends Deadline implements UndoLog.Undoable {

    /** {@link #awayUntil} of an open-ended away period. */
    static final long NO_END = Long.MAX_VALUE;
    /** What a household check's {@code due} answers when nothing is pending (as {@link DeviceWatch#NO_CHECK}). */
    static final long NO_CHECK = Long.MIN_VALUE;

    final String id;
    Household household;
    StagePlan plan;

    /** L in epoch millis: the last activity, or when the household came under watch. */
    long last;
    /** Episodes in a row that began at this same L (see {@link HouseholdState#episodeRepeat()}). */
    int repeat;
    /** False until L is known (restored, or the household came under watch). */
    boolean watched;
    /** Escalation stages raised in the current episode; they are raised in plan order. */
    int raised;
    /** Channels that got a stage of the current episode, canonical order; RESOLVED goes here. */
    List<String> notified = List.of();

    boolean away;
    long awayUntil = NO_END;

    /** Devices of this household currently offline or faulty; nonzero marks alerts sensorOffline. */
    int offlineDevices;

    /** visitor-frequency: visits of a {@code rental} household, created at the first visit. */
    WindowCounter visits;
    /** watch-window: start of the window occurrence that got the last NOTICE, epoch millis. */
    long watchNoticed = WatchWindowRule.NEVER;

    /** routine-deviation: the learned rhythm, or null when the policy does not learn one. */
    RoutineProfile routine;
    /** routine-deviation: a NOTICE is out for the present silence; RESOLVED goes to {@link #routineNotified}. */
    boolean routineNoticed;
    List<String> routineNotified = List.of();
    /**
     * routine-deviation: the present silence is the household's own, so it is judged against the
     * profile and learned when it ends; false for one that began while away or at an away
     * period's end (the resident was not at home: the rhythm says nothing about it).
     */
    boolean routineOwn = true;

    /** In the engine's list of changed households since the last commit. */
    boolean dirty;

    private long undoMark;

    HouseholdWatch(String id, Household household, StagePlan plan, long order) {
        super(order);
        this.id = id;
        this.household = household;
        this.plan = plan;
        this.routine = plan.newProfile();
    }

    @Override
    void fire(long now, EventRouter rules) {
        rules.fire(this, now);
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
        final long savedLast = last;
        final int savedRepeat = repeat;
        final boolean savedWatched = watched;
        final int savedRaised = raised;
        final List<String> savedNotified = notified;
        final boolean savedAway = away;
        final long savedAwayUntil = awayUntil;
        final int savedOffline = offlineDevices;
        final Household savedHousehold = household;
        final StagePlan savedPlan = plan;
        final WindowCounter savedVisits = visits;
        final long savedWatchNoticed = watchNoticed;
        final RoutineProfile savedRoutine = routine; // its content is its own Undoable, touched before it learns
        final boolean savedRoutineNoticed = routineNoticed;
        final List<String> savedRoutineNotified = routineNotified;
        final boolean savedRoutineOwn = routineOwn;
        return () -> {
            last = savedLast;
            repeat = savedRepeat;
            watched = savedWatched;
            raised = savedRaised;
            notified = savedNotified;
            away = savedAway;
            awayUntil = savedAwayUntil;
            offlineDevices = savedOffline;
            household = savedHousehold;
            plan = savedPlan;
            visits = savedVisits;
            watchNoticed = savedWatchNoticed;
            routine = savedRoutine;
            routineNoticed = savedRoutineNoticed;
            routineNotified = savedRoutineNotified;
            routineOwn = savedRoutineOwn;
        };
    }
}
