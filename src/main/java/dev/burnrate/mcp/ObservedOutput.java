package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SDK's stdout. It forwards every byte, flushes at each newline, and marks the request a
 * response line answers as done. The SDK writes each message inside {@code synchronized} on this
 * stream, so {@link #writeError} takes the same lock and a guard reply never interleaves with an
 * SDK message.
 */
final class ObservedOutput extends OutputStream {
  private final OutputStream out;
  private final PendingRequests pending;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  ObservedOutput(OutputStream out, PendingRequests pending) {
    this.out = out;
    this.pending = pending;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        out.write(b, start, i + 1 - start);
        out.flush();
        line.write(b, start, i - start);
        lineDone();
        start = i + 1;
      }
    }
    out.write(b, start, off + len - start);
    line.write(b, start, off + len - start);
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  /** Writes a JSON-RPC error response the SDK cannot, because it never saw the request. */
  void writeError(JsonNode id, int code, String message) throws IOException {
    ObjectNode error = Json.MAPPER.createObjectNode().put("code", code).put("message", message);
    writeResponse(id, "error", error);
  }

  /** Writes a JSON-RPC result the guard answers itself (a ping before initialize). */
  void writeResult(JsonNode id, ObjectNode result) throws IOException {
    writeResponse(id, "result", result);
  }

  private void writeResponse(JsonNode id, String field, ObjectNode value) throws IOException {
    ObjectNode response = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    response.set("id", id == null ? Json.MAPPER.nullNode() : id);
    response.set(field, value);
    byte[] bytes = (Json.write(response) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      write(bytes, 0, bytes.length);
    }
  }

  private void lineDone() {
    byte[] bytes = line.toByteArray();
    line.reset();
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      return;
    }
    if (node != null
        && node.isObject()
        && !node.has("method")
        && node.hasNonNull("id")
        && (node.has("result") || node.has("error"))) {
      pending.answered(node.get("id").toString());
    }
  }
}
