package org.doorwatch.gateway.storage;

import java.time.Instant;

/**
 * An SMS of an episode that no RESOLVED has ended yet, read back at start-up: its RESOLVED will
 * text the same person on the same channel to stand down.
 *
 * @param notBefore when the text could go (a held one: its time)
 */
public record UnresolvedText(String rule, String household, String device, String channel, String person,
                             Instant notBefore) {}
