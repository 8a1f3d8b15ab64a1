package dev.burnrate.usage;

import java.util.Locale;

/** Outcome of one tool call, as the audit log spells it. */
public enum Status {
  PASS,
  FAILED,
  ERROR,
  DENIED;

  private static final Status[] VALUES = values();

  /** The lowercase name used on the wire and in the log. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Failed and error both count as failures; denied is counted on its own. */
  public boolean isFailure() {
    return this == FAILED || this == ERROR;
  }

  public static Status ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses the wire name.
   *
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  public static Status parse(String s) {
    switch (s) {
      case "pass":
        return PASS;
      case "failed":
        return FAILED;
      case "error":
        return ERROR;
      case "denied":
        return DENIED;
      default:
        throw new IllegalArgumentException(
            "status '" + s + "' is not one of pass, failed, error, denied");
    }
  }
}
