package org.doorwatch.rules;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the engine must remember about a household across a restart (SPEC 6.7), and what the
 * gateway persists after every change.
 *
 * @param household        the household id
 * @param lastActivity     L: the last activity, or when the household came under watch
 * @param stagesRaised     how many escalation stages this episode has raised (0 to 3)
 * @param notifiedChannels the channels that got a stage of this episode, in canonical order;
 *                         a RESOLVED goes to exactly these
 * @param away             whether the household is marked away
 * @param awayUntil        the end of the away period, or null when open-ended or not away
 * @param visits           visitor-frequency (rental households): visit times still counted,
 *                         oldest first; empty for others
 * @param visitsQuietUntil visitor-frequency: no new NOTICE before this instant, or null
 * @param watchNoticed     watch-window: the start of the window occurrence that got the last
 *                         NOTICE, or null
 * @param episodeRepeat    how many episodes in a row began at this same L (0 normally): an away
 *                         period ending at or before L starts a new episode without moving L,
 *                         and its alert ids must still differ from the previous episode's
 * @param routine          routine-deviation's part, or null when the household's policy has no
 *                         routine
 */
public record HouseholdState(
        String household,
        Instant lastActivity,
        int stagesRaised,
        List<String> notifiedChannels,
        boolean away,
        Instant awayUntil,
        List<Instant> visits,
        Instant visitsQuietUntil,
        Instant watchNoticed,
        int episodeRepeat,
        Routine routine) {

    /** The elderly escalation's part alone (no visitor or watch-window state). */
    public HouseholdState(String household, Instant lastActivity, int stagesRaised, List<String> notifiedChannels,
                          boolean away, Instant awayUntil) {
        this(household, lastActivity, stagesRaised, notifiedChannels, away, awayUntil, List.of(), null, null, 0, null);
    }

    /** Without an episode repeat (the usual case). */
    public HouseholdState(String household, Instant lastActivity, int stagesRaised, List<String> notifiedChannels,
                          boolean away, Instant awayUntil, List<Instant> visits, Instant visitsQuietUntil,
                          Instant watchNoticed) {
        this(household, lastActivity, stagesRaised, notifiedChannels, away, awayUntil, visits, visitsQuietUntil,
                watchNoticed, 0, null);
    }

    /** Without routine deviation. */
    public HouseholdState(String household, Instant lastActivity, int stagesRaised, List<String> notifiedChannels,
                          boolean away, Instant awayUntil, List<Instant> visits, Instant visitsQuietUntil,
                          Instant watchNoticed, int episodeRepeat) {
        this(household, lastActivity, stagesRaised, notifiedChannels, away, awayUntil, visits, visitsQuietUntil,
                watchNoticed, episodeRepeat, null);
    }

    /** This state with routine-deviation's part replaced. */
    public HouseholdState withRoutine(Routine routine) {
        return new HouseholdState(household, lastActivity, stagesRaised, notifiedChannels, away, awayUntil, visits,
                visitsQuietUntil, watchNoticed, episodeRepeat, routine);
    }

    /**
     * routine-deviation's state (SPEC section 11).
     *
     * @param profile          the learned profile, serialized (about 220 bytes; opaque to the store)
     * @param noticed          a NOTICE is out for the present silence
     * @param notifiedChannels the channels that NOTICE went to; its RESOLVED goes to exactly these
     * @param ownSilence       the present silence is the household's own: it is judged against the
     *                         profile and learned when it ends (false for one that began while away
     *                         or at an away period's end)
     */
    public record Routine(byte[] profile, boolean noticed, List<String> notifiedChannels, boolean ownSilence) {

        public Routine {
            Objects.requireNonNull(profile, "profile");
            profile = profile.clone();
            notifiedChannels = List.copyOf(notifiedChannels);
        }

        @Override
        public byte[] profile() {
            return profile.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Routine r && Arrays.equals(profile, r.profile) && noticed == r.noticed
                    && notifiedChannels.equals(r.notifiedChannels) && ownSilence == r.ownSilence;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(profile), noticed, notifiedChannels, ownSilence);
        }

        @Override
        public String toString() {
            return "Routine[profile=" + profile.length + " bytes #" + Integer.toHexString(Arrays.hashCode(profile))
                    + ", noticed=" + noticed + ", notifiedChannels=" + notifiedChannels + ", ownSilence=" + ownSilence + "]";
        }
    }

    public HouseholdState {
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(lastActivity, "lastActivity");
        notifiedChannels = List.copyOf(notifiedChannels);
        visits = visits == null ? List.of() : List.copyOf(visits);
        if (episodeRepeat < 0) {
            throw new IllegalArgumentException("episodeRepeat must not be negative, was " + episodeRepeat);
        }
        if (stagesRaised < 0 || stagesRaised > 3) {
            throw new IllegalArgumentException("stagesRaised must be 0..3, was " + stagesRaised);
        }
    }
}
