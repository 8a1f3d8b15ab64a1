package dev.burnrate.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Usage events for tests, as the parser makes them: sizes known or 0, tokens unknown. */
public final class TestEvents {
  private TestEvents() {}

  /**
   * A call of {@code tool} by {@code agent} at {@code ts}, taking {@code ms} with input and output
   * sizes derived from it; {@code usd} null means unpriced.
   */
  public static UsageEvent call(
      Instant ts, String reqId, String agent, String tool, Status status, long ms, String usd) {
    return event(
        ChronoUnit.MICROS.between(Instant.EPOCH, ts),
        reqId,
        agent,
        tool,
        status,
        ms,
        ms * 3,
        ms / 7,
        usd == null ? null : new BigDecimal(usd));
  }

  /**
   * A call with everything else unknown: no workspace, user, action, model or tokens; sizes -1 when
   * unknown; {@code usd} null means unpriced.
   */
  public static UsageEvent event(
      long tsMicros,
      String reqId,
      String agent,
      String tool,
      Status status,
      long ms,
      long inSize,
      long outSize,
      BigDecimal usd) {
    return new UsageEvent(
        tsMicros,
        reqId,
        null,
        null,
        agent,
        tool,
        null,
        status,
        ms,
        inSize,
        outSize,
        null,
        null,
        null,
        null,
        null,
        -1,
        -1,
        -1,
        -1,
        usd,
        Double.NaN,
        null,
        null);
  }
}
