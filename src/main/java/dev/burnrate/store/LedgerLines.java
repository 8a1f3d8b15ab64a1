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
      text(b, "at", r.at().toString());
      text(b, "expires_at", r.expiresAt().toString());
    } else if (e instanceof LedgerEntry.Settled s) {
      b.append("{\"op\":\"settle\"");
      text(b, "id", s.id());
      b.append(",\"actual_nanos\":").append(s.actualNanos());
      text(b, "at", s.at().toString());
    } else if (e instanceof LedgerEntry.Released x) {
      b.append("{\"op\":\"release\"");
      text(b, "id", x.id());
      text(b, "at", x.at().toString());
    } else if (e instanceof LedgerEntry.RunTotal t) {
      b.append("{\"op\":\"run_total\"");
      text(b, "id", t.id());
      b.append(",\"settled_nanos\":").append(t.settledNanos());
      text(b, "at", t.at().toString());
    } else {
      throw new IllegalArgumentException("no line for " + e);
    }
    return b.append('}').toString();
  }

  private static void text(StringBuilder b, String key, String value) {
    b.append(",\"").append(key).append("\":\"");
    ESCAPE.quoteAsString(value, b);
    b.append('"');
  }

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
