package org.doorwatch.drivers;

/**
 * One input of a digital-input module wired to one door contact.
 *
 * @param input          the input's offset from the module's {@code startAddress}, 0-based (module
 *                       terminal DI1 is usually input 0)
 * @param device         the door device id, as in the config's {@code devices}
 * @param normallyClosed true for the usual alarm wiring: the contact is closed, the input reads 1,
 *                       while the door is shut, so a cut wire reads as an open door; false for a
 *                       normally-open contact, which closes (input 1) when the door opens
 */
public record InputBinding(int input, String device, boolean normallyClosed) {

    public InputBinding {
        var p = new Problems("input binding");
        p.check(input >= 0 && input < 2000, "input: expected 0 to 1999 (offset from startAddress), found " + input);
        p.check(device != null && !device.isBlank(), "device: expected a device id, found nothing");
        p.throwIfAny();
    }

    /** Whether the door is open, given what the input reads. */
    boolean doorOpen(boolean inputOn) {
        return normallyClosed != inputOn;
    }
}
