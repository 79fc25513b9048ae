package org.doorwatch.gateway.storage;

import java.time.Instant;

/**
 * What staff reported after a stage (issue 7): a call answered, a visit made. Its effect on the
 * escalation (CONFIRMED_WELL, AWAY or none) is applied in the same transaction.
 *
 * @param alertId   the stage's alert
 * @param household its household
 * @param by        the staff member's login name
 * @param at        the gateway clock when it was recorded
 * @param code      {@code reached-ok}, {@code in-hospital}, {@code no-answer} ...
 * @param note      free text, or null
 * @param until     for an away outcome, the end if given, else null
 */
public record OutcomeRecord(String alertId, String household, String by, Instant at, String code, String note,
                            Instant until) {}
