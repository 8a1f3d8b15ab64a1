/**
 * The budget control loop over one data directory: it acts on what {@code budget} and {@code
 * downgrade} decide. Alerts raised exactly once per scope, threshold and month; freezes; the
 * overrides humans write; the gate's decision files; the daily run's files; downgrade drafts; and
 * webhook deliveries. Entry type: {@link dev.burnrate.control.Governance}.
 */
package dev.burnrate.control;
