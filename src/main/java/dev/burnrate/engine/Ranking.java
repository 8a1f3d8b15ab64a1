package dev.burnrate.engine;

import dev.burnrate.usage.QueryException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What ranks rows: relative cost units (weights from the cost model), or dollars. Ties fall to the
 * other measure, then to calls, then to the name.
 */
public enum Ranking {
  COST_UNITS,
  USD;

  /** The name an argument gives it: {@code cost_units} or {@code usd}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Ranking::wire).toList();
  }

  /** The ranking named {@code name}; a bad name is a {@link QueryException} on {@code sort_by}. */
  public static Ranking parse(String name) {
    for (Ranking r : values()) {
      if (r.wire().equals(name)) {
        return r;
      }
    }
    throw new QueryException("sort_by", "'" + name + "' is not one of " + wireNames());
  }
}
