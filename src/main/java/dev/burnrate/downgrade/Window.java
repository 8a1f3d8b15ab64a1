package dev.burnrate.downgrade;

import java.time.Instant;

/** The analysis window: {@code days} complete UTC days, from {@code from} up to {@code to}. */
public record Window(Instant from, Instant to, int days) {}
