/**
 * Where usage events come from: audit JSONL directories, the {@code record_usage} tool and, for a
 * first run on a fresh machine, a generated demo month ({@link dev.burnrate.sources.DemoData}).
 *
 * <p>Sources produce events in the audit JSONL shape; they do not price or aggregate them.
 */
package dev.burnrate.sources;
