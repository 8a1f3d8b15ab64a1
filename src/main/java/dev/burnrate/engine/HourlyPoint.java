package dev.burnrate.engine;

import java.math.BigDecimal;
import java.time.Instant;

/** Calls and cost of one hour (the part of it inside the range). */
public record HourlyPoint(Instant hour, long count, BigDecimal costUnits, BigDecimal costUsd) {}
