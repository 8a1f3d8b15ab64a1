package dev.burnrate.engine;

import java.time.Instant;

/** A window {@code [from, to)} that the caller asked for in hours. */
public record HoursWindow(Instant from, Instant to, int hours) {}
