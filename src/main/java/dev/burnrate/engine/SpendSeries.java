package dev.burnrate.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Spend per value of one dimension per calendar day (in the budget's time zone): dollars in
 * nano-dollars, priced and unpriced calls. Row {@code i} is {@code names.get(i)} (null = events
 * without a value); column {@code j} is {@code firstDay + j}. Cost units are in ten-thousandths,
 * all of the row's and those of its unpriced calls. Of the dollars, {@code eventNanos} are the
 * events' own {@code cost_usd} and {@code toolNanos} the operator's tool rates'; the rest were
 * priced from model tokens at the {@code priceTables} ({@link Pricer#tables}).
 */
public record SpendSeries(
    LocalDate firstDay,
    List<String> names,
    long[][] usdNanos,
    long[][] calls,
    long[][] unpriced,
    long[][] cost4,
    long[][] unpricedCost4,
    long[][] eventNanos,
    long[][] toolNanos,
    java.util.Optional<String> priceTables) {

  public SpendSeries {
    names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
  }

  public int days() {
    return usdNanos.length == 0 ? 0 : usdNanos[0].length;
  }

  public int indexOf(String name) {
    return names.indexOf(name);
  }

  /** Dollars of row {@code i} on day {@code j}, exact. */
  public BigDecimal usd(int i, int j) {
    return BigDecimal.valueOf(usdNanos[i][j], 9);
  }

  /** Dollars of row {@code i} over days {@code [from, to)}, exact. */
  public BigDecimal usd(int i, int from, int to) {
    long sum = 0;
    for (int j = from; j < to; j++) {
      sum = dev.burnrate.usage.EventBounds.plus(sum, usdNanos[i][j]);
    }
    return BigDecimal.valueOf(sum, 9);
  }
}
