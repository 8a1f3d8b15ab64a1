/**
 * Where events and shared state live: the embedded JSONL audit directory with its derived index of
 * segment files, the cloud-cost cache ({@link dev.burnrate.store.CloudCostCache}), and atomic file
 * writes. Entry type: {@link dev.burnrate.store.EventLog}.
 */
package dev.burnrate.store;
