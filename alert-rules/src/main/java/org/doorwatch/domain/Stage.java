package org.doorwatch.domain;

/**
 * The stage an alert announces. The declaration order is the "stage order" that breaks ties in
 * replay output (SPEC section 5): the three escalation stages, then RESOLVED, then the
 * security stages.
 */
public enum Stage {
    /** 预警: first threshold of silence passed. */
    WARNING("预警"),
    /** 电话回访: staff should phone the resident. */
    CALL_BACK("电话回访"),
    /** 上门询问: somebody should knock on the door. */
    VISIT("上门询问"),
    /** The condition behind earlier stages ended. */
    RESOLVED("已解除"),
    /** A security alarm (forced door, tamper, device offline ...). */
    ALARM("报警"),
    /**
     * 提示: information for police (visitor frequency, watch window ...), no action owed. Not
     * 通知, which staff read as "a message was sent" (the notifications of an alert's history).
     */
    NOTICE("提示");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The Chinese name staff see. */
    public String label() {
        return label;
    }
}
