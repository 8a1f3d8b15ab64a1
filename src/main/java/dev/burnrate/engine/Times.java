package dev.burnrate.engine;

import dev.burnrate.usage.QueryException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The times a query may name, and the one way a caller's text becomes one: ISO-8601 with {@code Z}
 * or an offset ({@link OffsetDateTime}), or any form {@link Instant#parse} reads, in the years 2000
 * through 2199 (UTC). Both the MCP tools and the command line parse with {@link #parse}.
 */
public final class Times {
  /**
   * The first instant a query may name. Queries name times from 2000 through 2199 (UTC), far wider
   * than any audit log and fixed, so a test's {@code --now} is as valid in a decade as today; a
   * time outside is a mistyped or hostile value, rejected by name rather than computed with.
   */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** The last instant a query may name: see {@link #EARLIEST}. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private Times() {}

  /**
   * {@code text} as an instant in the supported window.
   *
   * @throws QueryException naming {@code field}, the text and how to write a time
   */
  public static Instant parse(String field, String text) {
    Instant t;
    try {
      t = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      try {
        t = Instant.parse(text);
      } catch (DateTimeException e2) {
        throw new QueryException(
            field,
            "'" + text + "' is not an ISO-8601 time with a zone; write e.g. 2026-02-23T12:00:00Z");
      }
    }
    return requireSupported(field, t);
  }

  /**
   * {@code t}, when it lies in [{@link #EARLIEST}, {@link #LATEST}]; otherwise bad input naming
   * {@code field}, the value and the window.
   */
  public static Instant requireSupported(String field, Instant t) {
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new QueryException(
          field,
          t
              + " is outside the supported time window "
              + EARLIEST
              + " to "
              + LATEST
              + "; pass a time in the years 2000 to 2199");
    }
    return t;
  }
}
