/**
 * The cost engine: column segments of events, hourly rollups per dimension, and the queries over
 * them (report, top spenders, anomalies, digest, spend series, per-agent usage). Entry type: {@link
 * dev.burnrate.engine.CostEngine}; {@link dev.burnrate.engine.EventIndex} is what stores feed.
 *
 * <p>Pure Java: no clock ({@code now} is passed in) and no I/O; segments may be backed by mapped
 * files the store opened.
 */
package dev.burnrate.engine;
