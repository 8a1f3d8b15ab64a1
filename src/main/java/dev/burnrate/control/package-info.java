/**
 * The budget control loop: it acts on what {@code budget} and {@code downgrade} decide. Entry type:
 * {@link dev.burnrate.control.Governance}, built with {@code Governance.over(budget, data)} or, as
 * commands and servers do, {@code Governance.wired(...)}, which keeps the state every replica must
 * share in the {@code store.GovernanceState} that store.yml chooses ({@link
 * dev.burnrate.control.FileGovernanceState} under the data directory, or the PostgreSQL tables):
 * the claims of {@code AlertLedger} (each alert once per scope, threshold and month), {@code
 * Freezes}, {@link dev.burnrate.control.Overrides}, the gate's decisions ({@code PreflightState})
 * and the {@link dev.burnrate.control.Notifier}'s webhook deliveries ({@code DeliveryFile}). What
 * one process writes for itself stays in the data directory: alert files, {@code DailyFiles} and
 * {@link dev.burnrate.control.Drafts} (downgrade drafts). Everything written is JSON from {@code
 * wire.Wire}.
 */
package dev.burnrate.control;
