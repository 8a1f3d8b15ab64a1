package dev.burnrate.usage;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One agent tool call (or LLM call) as the audit log records it. Payloads are never part of an
 * event: only hashes, sizes and metadata.
 *
 * <p>{@code tsMicros} is microseconds since the epoch, UTC. Optional numeric fields are {@code -1}
 * when absent ({@code complexityScore} is {@code NaN}); optional strings are null.
 */
public record UsageEvent(
    long tsMicros,
    String reqId,
    String workspaceId,
    String userId,
    String agentId,
    String tool,
    String action,
    Status status,
    long durationMs,
    long inSize,
    long outSize,
    String inputHash,
    String graphRunId,
    String graphNode,
    String jobId,
    String model,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    BigDecimal costUsd,
    double complexityScore,
    String team,
    String env) {

  public UsageEvent {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(status, "status");
    if (durationMs < 0) {
      throw new IllegalArgumentException("duration_ms " + durationMs + " is negative");
    }
  }
}
