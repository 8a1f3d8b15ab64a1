package dev.burnrate.cli;

import dev.burnrate.engine.Times;
import dev.burnrate.usage.QueryException;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Options every command that reads the data directory shares. */
final class CommonOptions {
  @Option(
      names = "--config",
      paramLabel = "DIR",
      description =
          "Config directory (default: ./config if present, else $XDG_CONFIG_HOME/burnrate or"
              + " ~/.config/burnrate, else the built-in defaults that 'burnrate init' writes).")
  Path config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "data")
  Path data;

  @Option(
      names = "--audit-dir",
      paramLabel = "DIR",
      description = "Audit JSONL directory (default: $AUDIT_JSONL_DIR, else <data>/audit).")
  Path auditDir;

  @Option(
      names = "--now",
      paramLabel = "ISO-8601",
      description = "Fix the clock, e.g. 2026-02-23T12:00:00Z (default: the system clock).")
  String now;

  @Option(
      names = "--format",
      paramLabel = "json|table",
      defaultValue = "json",
      description = "Output format: json (the exact structures the MCP tools return) or table.")
  Format format;

  enum Format {
    json,
    table
  }

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
    try {
      return Times.parse(flag, s);
    } catch (QueryException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
