package dev.burnrate.reserve;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reservation settings of {@code budget.yaml}: how long a reservation may stay open, the
 * ceiling of one run (per agent, with a default), and caps over the trailing hour and 24 hours per
 * agent.
 *
 * @param defaultTtl how long a reservation counts when the caller names no TTL
 * @param maxTtl the longest TTL a caller may ask for
 * @param defaultRunCeilingUsd the ceiling of one run for agents without their own
 * @param runCeilingUsd per agent, the ceiling of one of its runs
 * @param rollingCapsUsd per agent, caps over trailing windows
 */
public record ReservePolicy(
    Duration defaultTtl,
    Duration maxTtl,
    Optional<BigDecimal> defaultRunCeilingUsd,
    Map<String, BigDecimal> runCeilingUsd,
    Map<String, RollingCaps> rollingCapsUsd) {

  /** The longest TTL any configuration may allow: a day. */
  public static final Duration LONGEST_TTL = Duration.ofDays(1);

  /** No run ceilings, no rolling caps; reservations live 5 minutes by default, 1 hour at most. */
  public static final ReservePolicy DEFAULT =
      new ReservePolicy(
          Duration.ofMinutes(5), Duration.ofHours(1), Optional.empty(), Map.of(), Map.of());

  public ReservePolicy {
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(defaultRunCeilingUsd, "defaultRunCeilingUsd");
    if (defaultTtl.compareTo(Duration.ofSeconds(1)) < 0 || maxTtl.compareTo(LONGEST_TTL) > 0) {
      throw new IllegalArgumentException(
          "reservation TTLs must lie between 1 s and " + LONGEST_TTL.toSeconds() + " s");
    }
    if (defaultTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException(
          "reservations.default_ttl_seconds "
              + defaultTtl.toSeconds()
              + " is above max_ttl_seconds "
              + maxTtl.toSeconds()
              + "; lower it or raise the maximum");
    }
    defaultRunCeilingUsd.ifPresent(usd -> positive("run_ceiling_usd.default", usd));
    runCeilingUsd.forEach((a, usd) -> positive("run_ceiling_usd.per_agent." + a, usd));
    runCeilingUsd = Map.copyOf(runCeilingUsd);
    rollingCapsUsd = Map.copyOf(rollingCapsUsd);
  }

  /** The ceiling of one run of {@code agent}, if any. */
  public Optional<BigDecimal> runCeilingUsd(String agent) {
    BigDecimal own = runCeilingUsd.get(agent);
    return own != null ? Optional.of(own) : defaultRunCeilingUsd;
  }

  /**
   * The TTL granted for a request: the default when none is asked, else the one asked, capped at
   * {@code max_ttl_seconds} (the answer's {@code expires_at} shows what was granted).
   */
  public Duration ttl(Optional<Duration> asked) {
    Duration t = asked.orElse(defaultTtl);
    if (t.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "ttl_seconds "
              + t.toSeconds()
              + " is out of range; use 1 to "
              + maxTtl.toSeconds()
              + " (reservations.max_ttl_seconds)");
    }
    return t.compareTo(maxTtl) > 0 ? maxTtl : t;
  }

  private static void positive(String what, BigDecimal usd) {
    if (usd.signum() <= 0) {
      throw new IllegalArgumentException(what + " " + usd.toPlainString() + " must be positive");
    }
  }

  /** Caps over the trailing hour and the trailing 24 hours; either may be absent. */
  public record RollingCaps(Optional<BigDecimal> lastHourUsd, Optional<BigDecimal> last24hUsd) {
    public RollingCaps {
      Objects.requireNonNull(lastHourUsd, "lastHourUsd");
      Objects.requireNonNull(last24hUsd, "last24hUsd");
      lastHourUsd.ifPresent(u -> positive("rolling_caps_usd.last_hour", u));
      last24hUsd.ifPresent(u -> positive("rolling_caps_usd.last_24h", u));
    }
  }
}
