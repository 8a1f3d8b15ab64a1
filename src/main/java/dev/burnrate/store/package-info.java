/**
 * Where events and shared state live, and the ports in front of them: the event log ({@link
 * dev.burnrate.store.EventLog}: the embedded JSONL audit directory with its derived index of
 * segment files), the reservation ledger, the governance state ({@link
 * dev.burnrate.store.GovernanceState}) and the cloud-cost cache ({@link
 * dev.burnrate.store.CloudCostCache}), each with a file implementation and a PostgreSQL one in
 * {@code store.postgres}; plus atomic file writes. Entry type: {@link dev.burnrate.store.EventLog}.
 */
package dev.burnrate.store;
