package dev.burnrate.engine;

import java.time.Instant;

/** A window {@code [from, to)} that the caller asked for in minutes. */
public record MinutesWindow(Instant from, Instant to, int minutes) {}
