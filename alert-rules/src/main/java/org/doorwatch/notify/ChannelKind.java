package org.doorwatch.notify;

/** How a channel treats people. */
public enum ChannelKind {
    /** MQTT topic or webhook: a machine receiver; no person is addressed. */
    PLAIN,
    /** A group robot (WeCom, DingTalk): one message to the group, @-mentioning people by phone. */
    GROUP,
    /** SMS: one message to each person's phone. */
    SMS;

    public boolean addressesPeople() {
        return this != PLAIN;
    }
}
