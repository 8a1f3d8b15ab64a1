package dev.burnrate.cli;

import dev.burnrate.engine.CostEngine;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import picocli.CommandLine.Option;

/** Options every command that reads the data directory shares. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "DIR", description = "Config directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "config")
  Path config;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "data")
  Path data;

  @Option(names = "--audit-dir", paramLabel = "DIR",
      description = "Audit JSONL directory (default: $AUDIT_JSONL_DIR, else <data>/audit).")
  Path auditDir;

  @Option(names = "--now", paramLabel = "ISO-8601",
      description = "Fix the clock, e.g. 2026-02-23T12:00:00Z (default: the system clock).")
  String now;

  @Option(names = "--format", paramLabel = "json|table", defaultValue = "json",
      description = "Output format: json (the exact structures the MCP tools return) or table.")
  Format format;

  enum Format { json, table }

  Path auditDir() {
    if (auditDir != null) {
      return auditDir;
    }
    String env = System.getenv("AUDIT_JSONL_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : data.resolve("audit");
  }

  Instant now() {
    return now == null ? Instant.now() : parseInstant("--now", now);
  }

  /** A time flag's value, which must lie in the engine's supported window (years 2000 to 2199). */
  static Instant parseInstant(String flag, String s) {
    Instant t;
    try {
      t = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      try {
        t = Instant.parse(s);
      } catch (DateTimeException e2) {
        throw new UsageException(flag + " '" + s
            + "' is not an ISO-8601 time with a zone; write e.g. 2026-02-23T12:00:00Z");
      }
    }
    try {
      return CostEngine.requireSupported(flag, t);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
