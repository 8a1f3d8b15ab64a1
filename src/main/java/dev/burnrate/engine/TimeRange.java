package dev.burnrate.engine;

import java.time.Instant;

/** A half-open range {@code [from, to)}. */
public record TimeRange(Instant from, Instant to) {}
