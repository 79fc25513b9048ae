package org.doorwatch.domain;

import java.util.List;

/**
 * Device kinds the gateway knows by name, and the settings built in for them: a refinement of
 * the rules' own defaults (SPEC section 7) for devices whose everyday use those defaults would
 * call trouble. The values are in the rules' definitions ({@link DoorHeldOpenDefinition#FLAT_DOOR_AFTER},
 * {@link DeviceOfflineDefinition#DOOR_CONTACT_AFTER}); why they are what they are:
 *
 * <ul>
 *   <li>{@code door-contact} on a flat's door (a device with a {@code household}): held open
 *       after 30 minutes, not 120 s. Residents hold their own door for minutes every day:
 *       bags after shopping, the rubbish, a word with a neighbour, a delivery. At 120 s a
 *       community of 1,000 households raised an ALARM for nearly every elderly household every
 *       day (issue 20). A flat's door open for half an hour is out of the ordinary and worth a
 *       look (an old person who fell while taking out the rubbish); a shared door keeps 120 s,
 *       because a propped-open entrance lets anyone into the whole building.</li>
 *   <li>{@code door-contact} (any): offline after 4 hours, not 15 minutes. Door contacts are
 *       mostly battery devices (Zigbee, LoRa, NB-IoT) that report about once an hour to save
 *       their battery; 4 hours is three hourly reports missed in a row plus slack for the
 *       contact's own clock. (Zigbee2MQTT waits 25 hours for a battery device by default.)
 *       A dead contact is still seen long before an elderly household's 24-hour WARNING, which
 *       then carries {@code sensorOffline}.</li>
 *   <li>{@code gate}, {@code card-reader}, {@code intercom} and any other kind: the rules'
 *       defaults. They are mains-powered, wired or on the building's network, report every few
 *       minutes, and guard shared doors.</li>
 * </ul>
 * A config's own values (rule-level, per kind, per device) always win over these
 * ({@link RuleSettings#forDevice}).
 */
public final class DeviceKinds {

    public static final String DOOR_CONTACT = "door-contact";
    public static final String GATE = "gate";
    public static final String CARD_READER = "card-reader";
    public static final String INTERCOM = "intercom";

    /** The kinds named in the docs; a config may use others. */
    public static final List<String> KNOWN = List.of(DOOR_CONTACT, CARD_READER, GATE, INTERCOM);

    private static final DeviceRuleOverrides DOOR_CONTACT_DEFAULTS =
            DeviceRuleOverrides.NONE.withOfflineAfter(DeviceOfflineDefinition.DOOR_CONTACT_AFTER);
    private static final DeviceRuleOverrides FLAT_DOOR_CONTACT_DEFAULTS =
            DOOR_CONTACT_DEFAULTS.withHeldOpenAfter(DoorHeldOpenDefinition.FLAT_DOOR_AFTER);

    private DeviceKinds() {}

    /** What is built in for {@code d}'s kind (and, for a door contact, whether it is a flat's). */
    public static DeviceRuleOverrides builtIn(Device d) {
        if (DOOR_CONTACT.equals(d.kind())) {
            return d.household() != null ? FLAT_DOOR_CONTACT_DEFAULTS : DOOR_CONTACT_DEFAULTS;
        }
        return DeviceRuleOverrides.NONE;
    }
}
