package dev.burnrate.downgrade;

import java.util.List;

/** Model downgrade recommendations: whether they are produced, and the rules that drive them. */
public record Downgrade(boolean enable, List<DowngradeRule> models) {
  public static final Downgrade DISABLED = new Downgrade(false, List.of());

  public Downgrade {
    models = List.copyOf(models);
  }
}
