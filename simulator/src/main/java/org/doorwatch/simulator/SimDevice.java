package org.doorwatch.simulator;

/**
 * A device the simulator speaks for.
 *
 * @param id        device id
 * @param kind      door-contact, gate, card-reader, intercom ...
 * @param household its household, or null for shared devices
 * @param transport {@code mqtt}, {@code serial} or {@code tcp}: how its events leave
 */
public record SimDevice(String id, String kind, String household, String transport) {}
