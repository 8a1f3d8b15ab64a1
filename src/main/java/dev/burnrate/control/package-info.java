/**
 * The budget control loop over one data directory: it acts on what {@code budget} and {@code
 * downgrade} decide. Entry type: {@link dev.burnrate.control.Governance}, built with {@code
 * Governance.over(budget, data)}, which composes one part per kind of file: {@code Overrides} (read
 * through config's strict YAML reader), {@code AlertLedger} (each alert once per scope, threshold
 * and month, claimed in the {@code store.GovernanceState} that store.yml chooses: {@link
 * dev.burnrate.control.FileGovernanceState} or the PostgreSQL tables), {@code Freezes}, {@code
 * PreflightState}, {@code DailyFiles}, the {@link dev.burnrate.control.Notifier} (webhook
 * deliveries) and {@link dev.burnrate.control.Drafts} (downgrade drafts). Everything written is
 * JSON from {@code wire.Wire}.
 */
package dev.burnrate.control;
