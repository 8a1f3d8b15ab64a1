package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How the edge and the gateway agree on which call a {@code notifications/cancelled} names. */
class InFlightTest {
  private static ObjectNode message(String json) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  private static ObjectNode call(String id) throws Exception {
    return message(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"_meta\":{\""
            + InFlight.META_KEY
            + "\":\"forged\",\"progressToken\":7}}}");
  }

  private static ObjectNode cancel(String id) throws Exception {
    return message(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
            + id
            + "}}");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(ObjectNode call) {
    return (Map<String, Object>) Json.toMap(call.get("params")).get("_meta");
  }

  @Test
  void theEdgeReplacesAClientsKeyAndKeepsTheRestOfMeta() throws Exception {
    InFlight calls = new InFlight();
    ObjectNode c = call("1");
    calls.open(c, "s1");
    assertFalse("forged".equals(meta(c).get(InFlight.META_KEY)), c.toString());
    assertEquals(7, meta(c).get("progressToken"));
    assertNotNull(calls.find(meta(c)));
    assertNull(calls.find(Map.of(InFlight.META_KEY, "forged")));
  }

  @Test
  void aCancellationNamesOneIdInOneSessionAndOvertakesTheCallsStart() throws Exception {
    InFlight calls = new InFlight();
    ObjectNode numeric = call("1");
    ObjectNode text = call("\"1\"");
    calls.open(numeric, "s1");
    calls.open(text, "s1");
    ObjectNode otherSession = call("1");
    calls.open(otherSession, "s2");

    assertTrue(calls.cancel(cancel("1"), "s1"));
    assertTrue(calls.find(meta(numeric)).cancelled());
    assertFalse(calls.find(meta(text)).cancelled(), "\"1\" is another id than 1");
    assertFalse(calls.find(meta(otherSession)).cancelled(), "another session's call");

    CompletableFuture<Object> work = new CompletableFuture<>();
    assertFalse(calls.find(meta(numeric)).start(work), "cancelled before it started");
    assertTrue(work.isCancelled());
  }

  @Test
  void aCancellationOfAnAnsweredCallDoesNothing() throws Exception {
    InFlight calls = new InFlight();
    ObjectNode c = call("5");
    boolean[] told = new boolean[1];
    calls.open(c, "stdio", () -> told[0] = true);
    InFlight.Call open = calls.find(meta(c));
    calls.close(meta(c), open);
    assertFalse(calls.cancel(cancel("5"), "stdio"));
    assertFalse(told[0], "only a cancelled call reports that it stopped");
    assertEquals(0, calls.size());
  }

  @Test
  void logMessagesOnlyForSessionsThatSetALevel() throws Exception {
    InFlight calls = new InFlight();
    calls.levelSet(
        message(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\","
                + "\"params\":{\"level\":\"debug\"}}"),
        "s1");
    ObjectNode mine = call("3");
    ObjectNode theirs = call("3");
    calls.open(mine, "s1");
    calls.open(theirs, "s2");
    assertTrue(calls.find(meta(mine)).logs());
    assertFalse(calls.find(meta(theirs)).logs());
  }

  @Test
  void forgetsTheOldestCallsBeyondItsBound() throws Exception {
    InFlight calls = new InFlight();
    for (int i = 0; i < InFlight.MAX_OPEN + 10; i++) {
      calls.open(call(Integer.toString(i)), "s");
    }
    assertEquals(InFlight.MAX_OPEN, calls.size());
    assertFalse(calls.cancel(cancel("0"), "s"), "the oldest was forgotten");
    assertTrue(calls.cancel(cancel(Integer.toString(InFlight.MAX_OPEN + 9)), "s"));
  }
}
