package org.doorwatch.domain;

/** Which way a person passed, where the device knows it (card readers on both sides of a gate). */
public enum Direction {
    IN,
    OUT
}
