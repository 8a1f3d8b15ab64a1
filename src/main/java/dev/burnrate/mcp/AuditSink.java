package dev.burnrate.mcp;

import dev.burnrate.usage.UsageEvent;

/**
 * Receives one event per {@code tools/call}: allowed, denied or failed. Events carry hashes and
 * sizes, never arguments or results. A sink that throws does not fail the call; the failure is
 * logged.
 */
@FunctionalInterface
public interface AuditSink {
  AuditSink NONE = e -> {};

  void record(UsageEvent event);
}
