package dev.burnrate.budget;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where spend figures come from: recorded usage events, or the AWS bill. */
public enum CostSource {
  USAGE("usage"),
  AWS_COST_EXPLORER("aws_cost_explorer");

  private final String wireName;

  CostSource(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<CostSource> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  public static String wireNames() {
    return Arrays.stream(values()).map(CostSource::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
