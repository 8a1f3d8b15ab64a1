package dev.burnrate.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A monthly ceiling shared by a named group of agents. */
public record TeamBudget(String name, BigDecimal ceilingUsd, List<String> agents) {
  public TeamBudget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ceilingUsd, "ceilingUsd");
    if (ceilingUsd.signum() <= 0) {
      throw new IllegalArgumentException(
          "team " + name + " ceiling_usd " + ceilingUsd.toPlainString() + " must be positive");
    }
    agents = List.copyOf(agents);
  }
}
