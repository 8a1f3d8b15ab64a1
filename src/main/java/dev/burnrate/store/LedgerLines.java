package dev.burnrate.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.reserve.LedgerEntry;
import java.time.Instant;

/** A reservation ledger entry as one JSON line of {@link JsonlReservationLedger}, and back. */
final class LedgerLines {
  private LedgerLines() {}

  /**
   * The entry's line, written field by field (a JSON tree per entry cost a tenth of a reserve's
   * CPU); names are escaped by the JSON library's string encoder.
   */
  static String line(LedgerEntry e) {
    StringBuilder b = new StringBuilder(200);
    if (e instanceof LedgerEntry.Reserved r) {
      b.append("{\"op\":\"reserve\"");
      text(b, "id", r.id());
      text(b, "req_id", r.reqId());
      text(b, "agent_id", r.agent());
      if (r.run() != null) {
        text(b, "run_id", r.run());
      }
      b.append(",\"estimate_nanos\":").append(r.estimateNanos());
      instant(b, "at", r.at());
      instant(b, "expires_at", r.expiresAt());
    } else if (e instanceof LedgerEntry.Settled s) {
      b.append("{\"op\":\"settle\"");
      text(b, "id", s.id());
      b.append(",\"actual_nanos\":").append(s.actualNanos());
      instant(b, "at", s.at());
    } else if (e instanceof LedgerEntry.Released x) {
      b.append("{\"op\":\"release\"");
      text(b, "id", x.id());
      instant(b, "at", x.at());
    } else if (e instanceof LedgerEntry.RunTotal t) {
      b.append("{\"op\":\"run_total\"");
      text(b, "id", t.id());
      b.append(",\"settled_nanos\":").append(t.settledNanos());
      instant(b, "at", t.at());
    } else {
      throw new IllegalArgumentException("no line for " + e);
    }
    return b.append('}').toString();
  }

  private static void text(StringBuilder b, String key, String value) {
    b.append(",\"").append(key).append("\":\"");
    if (needsNoEscape(value)) {
      b.append(value); // most names: copied whole, not a character at a time
    } else {
      ESCAPE.quoteAsString(value, b);
    }
    b.append('"');
  }

  /**
   * Whether JSON writes {@code s} as it is: printable ASCII without quote or backslash. Escaping
   * every name a character at a time was a quarter of a compaction's CPU, and part of every turn's.
   */
  static boolean needsNoEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void instant(StringBuilder b, String key, Instant t) {
    b.append(",\"").append(key).append("\":\"");
    iso(b, t);
    b.append('"');
  }

  /** The first and past the last second of the years 0001 to 9999, which {@link #iso} writes. */
  private static final long FIRST = -62_135_596_800L;

  private static final long PAST_LAST = 253_402_300_800L;

  /**
   * Appends exactly what {@link Instant#toString} would, in about 50 ns rather than its 126: three
   * instants per reservation, on every reserve and settle and for every reservation a compaction
   * writes (a reserve line takes about 350 ns in all). Instants outside the years 0001 to 9999 go
   * to it.
   */
  static void iso(StringBuilder b, Instant t) {
    long sec = t.getEpochSecond();
    if (sec < FIRST || sec >= PAST_LAST) {
      b.append(t);
      return;
    }
    java.time.LocalDate d = java.time.LocalDate.ofEpochDay(Math.floorDiv(sec, 86_400L));
    int s = (int) Math.floorMod(sec, 86_400L);
    digits(b, d.getYear(), 4).append('-');
    digits(b, d.getMonthValue(), 2).append('-');
    digits(b, d.getDayOfMonth(), 2).append('T');
    digits(b, s / 3600, 2).append(':');
    digits(b, s / 60 % 60, 2).append(':');
    digits(b, s % 60, 2);
    int nano = t.getNano();
    if (nano > 0) {
      b.append('.');
      if (nano % 1_000_000 == 0) {
        digits(b, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(b, nano / 1_000, 6);
      } else {
        digits(b, nano, 9);
      }
    }
    b.append('Z');
  }

  /** {@code v} (not negative) in at least {@code width} digits, zero-padded. */
  private static StringBuilder digits(StringBuilder b, int v, int width) {
    for (int p = width - 1; p > 0 && v < POW10[p]; p--) {
      b.append('0');
    }
    return b.append(v);
  }

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private static final com.fasterxml.jackson.core.io.JsonStringEncoder ESCAPE =
      com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();

  /** The entry a line read as JSON holds; throws on an unknown op or a missing field. */
  static LedgerEntry parse(JsonNode n) {
    String op = n.path("op").asText();
    String id = n.get("id").asText();
    Instant at = Instant.parse(n.get("at").asText());
    return switch (op) {
      case "reserve" ->
          new LedgerEntry.Reserved(
              id,
              n.get("req_id").asText(),
              n.get("agent_id").asText(),
              n.hasNonNull("run_id") ? n.get("run_id").asText() : null,
              n.get("estimate_nanos").asLong(),
              at,
              Instant.parse(n.get("expires_at").asText()));
      case "settle" -> new LedgerEntry.Settled(id, n.get("actual_nanos").asLong(), at);
      case "release" -> new LedgerEntry.Released(id, at);
      case "run_total" -> new LedgerEntry.RunTotal(id, n.get("settled_nanos").asLong(), at);
      default -> throw new IllegalArgumentException("unknown op '" + op + "'");
    };
  }
}
