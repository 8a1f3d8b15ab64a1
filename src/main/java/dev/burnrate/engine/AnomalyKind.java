package dev.burnrate.engine;

import java.util.Locale;

/** What an anomaly is; on the wire in lower case ({@code cost_spike}). */
public enum AnomalyKind {
  COST_SPIKE,
  ERROR_SPIKE,
  FLEET_SURGE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
