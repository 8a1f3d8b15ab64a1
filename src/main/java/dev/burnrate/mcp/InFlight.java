package dev.burnrate.mcp;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The {@code tools/call} requests a client may still cancel with {@code notifications/cancelled}.
 * The SDK hands a tool handler neither the JSON-RPC id nor the cancellation, so the edge that reads
 * the client's messages (the stdio guard, the HTTP filter) does both halves: it {@link #open opens}
 * each call under a key of its session and id and writes that key into the call's {@code _meta}
 * (replacing anything the client put there), and it {@link #cancel cancels} by the same key. The
 * gateway finds the call by the key, runs it with a handle to stop it, and answers nothing when it
 * was cancelled.
 *
 * <p>A key is opened when the request passes the edge, so a cancellation that overtakes the request
 * on its way to the handler still counts, and one for a request already answered (or never seen)
 * does nothing. At most {@value #MAX_OPEN} calls are tracked; the oldest are forgotten first.
 *
 * <p>It also remembers which sessions sent {@code logging/setLevel}: only their calls send log
 * messages, so a client that never asked for them reads nothing but answers (the SDK would send
 * {@code info} and above to everyone).
 */
public final class InFlight {
  /** Where in a call's {@code _meta} the edge puts its key. */
  public static final String META_KEY = "dev.burnrate/call";

  static final int MAX_OPEN = 4096;

  /**
   * Reads a message to tag with its numbers as written: read as doubles, {@code 1e400} would be
   * passed on as {@code Infinity} (which the SDK reads as a string) and {@code 0.1000} as {@code
   * 0.1}.
   */
  private static final ObjectReader EXACT =
      Wire.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** Writes them back as compactly as they came: never {@code 1e999999999} spelled out in full. */
  private static final ObjectWriter COMPACT =
      Wire.MAPPER.writer().without(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** A message as JSON, numbers exactly as written. */
  public static JsonNode read(byte[] json) throws IOException {
    return EXACT.readTree(json);
  }

  /** A message read by {@link #read}, written back with the same numbers. */
  public static byte[] write(JsonNode message) throws IOException {
    return COMPACT.writeValueAsBytes(message);
  }

  /** One call: cancelled or not, and what runs it once it started. */
  static final class Call {
    private final Runnable afterCancel;
    private final boolean logs;
    private boolean cancelled;
    private Future<?> running;

    Call(Runnable afterCancel, boolean logs) {
      this.afterCancel = afterCancel;
      this.logs = logs;
    }

    /** Whether its session asked for log messages. */
    boolean logs() {
      return logs;
    }

    /** Attaches the running work; false (and it is cancelled) when the call was cancelled. */
    synchronized boolean start(Future<?> work) {
      if (cancelled) {
        work.cancel(true);
        return false;
      }
      running = work;
      return true;
    }

    synchronized boolean cancelled() {
      return cancelled;
    }

    synchronized void cancel() {
      cancelled = true;
      if (running != null) {
        running.cancel(true);
      }
    }
  }

  private final Map<String, Call> open =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
          return size() > MAX_OPEN;
        }
      };

  private final Map<String, Boolean> logging =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_OPEN;
        }
      };

  /** Notes a {@code logging/setLevel} request: the session's later calls send log messages. */
  public void levelSet(JsonNode message, String session) {
    if ("logging/setLevel".equals(message.path("method").asText()) && message.has("id")) {
      synchronized (this) {
        logging.put(session, Boolean.TRUE);
      }
    }
  }

  /**
   * Opens the call if {@code message} is a {@code tools/call} request, and writes its key into the
   * message's {@code params._meta}; {@code session} names the client's session (any text unique
   * among the sessions this registry serves).
   */
  public void open(ObjectNode message, String session) {
    open(message, session, () -> {});
  }

  /**
   * As {@link #open(ObjectNode, String)}; {@code afterCancel} runs once a cancelled call has
   * stopped and been audited (the stdio server then stops waiting for its answer).
   */
  void open(ObjectNode message, String session, Runnable afterCancel) {
    JsonNode params = message.get("params");
    JsonNode id = message.get("id");
    if (!"tools/call".equals(message.path("method").asText())
        || id == null
        || id.isNull()
        || !(params instanceof ObjectNode p)) {
      return;
    }
    String key = key(session, id);
    JsonNode meta = p.get("_meta");
    ObjectNode m = meta instanceof ObjectNode o ? o : p.putObject("_meta");
    m.put(META_KEY, key);
    synchronized (this) {
      open.put(key, new Call(afterCancel, logging.containsKey(session)));
    }
  }

  /**
   * Cancels the call a {@code notifications/cancelled} names, if it is still open; true when there
   * was one.
   */
  public boolean cancel(JsonNode message, String session) {
    if (!"notifications/cancelled".equals(message.path("method").asText())) {
      return false;
    }
    JsonNode id = message.path("params").get("requestId");
    if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
      return false;
    }
    Call c;
    synchronized (this) {
      // Kept until its handler closes it: a cancellation may overtake the call on its way there.
      c = open.get(key(session, id));
    }
    if (c == null) {
      return false;
    }
    c.cancel();
    return true;
  }

  /** The open call whose key a handler found in {@code _meta}; null when there is none. */
  synchronized Call find(Map<String, Object> meta) {
    Object key = meta == null ? null : meta.get(META_KEY);
    return key instanceof String k ? open.get(k) : null;
  }

  /** Forgets a call once it is answered, or once it stopped after a cancellation. */
  void close(Map<String, Object> meta, Call call) {
    Object key = meta == null ? null : meta.get(META_KEY);
    synchronized (this) {
      if (key instanceof String k) {
        open.remove(k, call);
      }
    }
    if (call.cancelled()) {
      call.afterCancel.run();
    }
  }

  synchronized int size() {
    return open.size();
  }

  private static String key(String session, JsonNode id) {
    // 1 and "1" are different ids in JSON-RPC.
    return session + '\u0000' + (id.isTextual() ? "s:" + id.asText() : "n:" + id.asText());
  }
}
