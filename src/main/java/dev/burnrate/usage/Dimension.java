package dev.burnrate.usage;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A field events can be grouped by. The wire name is the event field's name. */
public enum Dimension {
  TOOL("tool"),
  AGENT("agent_id"),
  USER("user_id"),
  WORKSPACE("workspace_id"),
  MODEL("model"),
  STATUS("status"),
  TEAM("team"),
  ENV("env");

  private static final Dimension[] VALUES = values();
  private final String wire;

  Dimension(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Dimension ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  public static Dimension parse(String s) {
    for (Dimension d : VALUES) {
      if (d.wire.equals(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("group_by '" + s + "' is not one of " + wireNames());
  }

  public static String wireNames() {
    return Arrays.stream(VALUES).map(Dimension::wire).collect(Collectors.joining(", "));
  }
}
