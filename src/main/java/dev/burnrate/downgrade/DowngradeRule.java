package dev.burnrate.downgrade;

import java.util.Objects;

/**
 * Recommend moving from one model to a cheaper one when {@code when} holds. The rule text is
 * carried as written; it is compiled by the rules package, which reports errors at {@code location}
 * ({@code file:line:col} of the {@code when} value).
 */
public record DowngradeRule(String from, String to, String when, String location) {
  public DowngradeRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(location, "location");
    if (from.equals(to)) {
      throw new IllegalArgumentException("downgrade from " + from + " to itself");
    }
  }
}
