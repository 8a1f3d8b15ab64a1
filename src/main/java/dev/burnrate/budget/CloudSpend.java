package dev.burnrate.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dollars from the cloud bill per agent per day of a spend series (the same days as {@link
 * SpendByAgent}), exact as the bill sent them. A bill day is a UTC date; it is counted on the same
 * calendar date of the budget's zone. {@link #NONE} when the budget does not count the bill.
 *
 * @param note what the answer says about the bill: how fresh it is, days never fetched, dollars
 *     left out because usage events price the same calls
 */
public record CloudSpend(
    LocalDate firstDay, int days, Map<String, BigDecimal[]> byAgent, Optional<Note> note) {

  /** The budget counts usage only. */
  public static final CloudSpend NONE =
      new CloudSpend(LocalDate.EPOCH, 0, Map.of(), Optional.empty());

  /**
   * What check_budget says about the cloud bill it counted.
   *
   * @param summary how many days are cached and how old the newest fetch is
   * @param missingDays days of this month (through yesterday) the cache has never fetched: their
   *     cloud spend is unknown, not zero
   * @param replacedByUsageUsd bill lines left out this month because usage events already price the
   *     same model calls (counted once)
   */
  public record Note(String summary, int missingDays, BigDecimal replacedByUsageUsd) {}

  public CloudSpend {
    TreeMap<String, BigDecimal[]> copy = new TreeMap<>();
    byAgent.forEach((k, v) -> copy.put(k, v.clone()));
    byAgent = Collections.unmodifiableMap(copy);
  }

  /** Whether the bill is counted at all. */
  public boolean counted() {
    return note.isPresent();
  }

  public Set<String> agents() {
    return byAgent.keySet();
  }

  /** The agent's dollars on day {@code j} of the series; zero when the bill has none. */
  public BigDecimal usd(String agent, int j) {
    BigDecimal[] row = agent == null ? null : byAgent.get(agent);
    return row == null || row[j] == null ? BigDecimal.ZERO : row[j];
  }

  /** Collects a bill's agent-days into a series of {@code days} days from {@code firstDay}. */
  public static final class Builder {
    private final LocalDate firstDay;
    private final int days;
    private final Map<String, BigDecimal[]> byAgent = new TreeMap<>();

    public Builder(LocalDate firstDay, int days) {
      this.firstDay = firstDay;
      this.days = days;
    }

    /** Adds {@code usd} to the agent on {@code day}; days outside the series are ignored. */
    public Builder add(String agent, LocalDate day, BigDecimal usd) {
      long j = day.toEpochDay() - firstDay.toEpochDay();
      if (j < 0 || j >= days || usd.signum() == 0) {
        return this;
      }
      BigDecimal[] row = byAgent.computeIfAbsent(agent, a -> zeros(days));
      row[(int) j] = row[(int) j].add(usd);
      return this;
    }

    public CloudSpend build(Note note) {
      return new CloudSpend(firstDay, days, byAgent, Optional.of(note));
    }

    private static BigDecimal[] zeros(int days) {
      BigDecimal[] z = new BigDecimal[days];
      Arrays.fill(z, BigDecimal.ZERO);
      return z;
    }
  }
}
