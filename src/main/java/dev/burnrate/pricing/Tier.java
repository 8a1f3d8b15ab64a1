package dev.burnrate.pricing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The service tier a request was billed under. Wire names are lower case. */
public enum Tier {
  STANDARD,
  /** Asynchronous batch APIs, usually half price. */
  BATCH,
  /** Priority processing, a premium over standard. */
  PRIORITY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; blank or null means {@link #STANDARD}. */
  public static Tier fromWire(String value) {
    if (value == null || value.isBlank()) {
      return STANDARD;
    }
    for (Tier tier : values()) {
      if (tier.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return tier;
      }
    }
    throw new IllegalArgumentException(
        "tier '"
            + value
            + "' is unknown; use one of "
            + Arrays.stream(values()).map(Tier::wireName).collect(Collectors.joining(", ")));
  }
}
