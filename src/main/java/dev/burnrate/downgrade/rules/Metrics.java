package dev.burnrate.downgrade.rules;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values a rule reads for one agent over one window (a day, or the whole evaluation window).
 * Keys are rule variable names (see {@link Rule}); a key that is absent or maps to {@code null} is
 * missing, e.g. no call of the agent carried a complexity score that day.
 */
public record Metrics(Map<String, Double> values) {
  public Metrics {
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (Variable.byName(e.getKey()).isEmpty()) {
        throw new IllegalArgumentException(
            "unknown metric '" + e.getKey() + "'; the rule variables are " + Variable.ALLOWED);
      }
      Double v = e.getValue();
      if (v != null && (v.isNaN() || v.isInfinite())) {
        throw new IllegalArgumentException(
            "metric " + e.getKey() + " is " + v + "; pass null when the value is missing");
      }
      copy.put(e.getKey(), v);
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** Metrics with every variable missing. */
  public static Metrics empty() {
    return new Metrics(Map.of());
  }

  /** A copy with {@code name} set to {@code value}; {@code null} marks it missing. */
  public Metrics with(String name, Double value) {
    Map<String, Double> next = new HashMap<>(values);
    next.put(name, value);
    return new Metrics(next);
  }

  /** The value of {@code name}, empty when missing. */
  public Optional<Double> get(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
