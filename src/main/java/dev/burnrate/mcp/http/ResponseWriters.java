package dev.burnrate.mcp.http;

import java.io.IOException;

/**
 * The writers the edge hands the SDK's servlets in place of the container's: one that encodes each
 * string as a whole, and one that learns the session an SSE stream names.
 */
final class ResponseWriters {
  private ResponseWriters() {}

  /** Writes each string as one UTF-8 byte array, straight through to {@code out}. */
  static final class Utf8Through extends java.io.Writer {
    private final java.io.OutputStream out;

    Utf8Through(java.io.OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      out.write(s.substring(off, off + len).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      out.write(new String(buf, off, len).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * Passes an SSE stream through, watching its first events for the {@code sessionId} the legacy
   * transport hands the client, so messages to that session are bound to whoever opened it.
   */
  static final class SseSessionSniffer extends java.io.PrintWriter {
    private static final java.util.regex.Pattern ID =
        java.util.regex.Pattern.compile("sessionId=([0-9A-Za-z-]{8,64})[^0-9A-Za-z-]");
    private final java.util.function.Consumer<String> onSession;
    private StringBuilder seen = new StringBuilder();

    SseSessionSniffer(java.io.PrintWriter out, java.util.function.Consumer<String> onSession) {
      super(out);
      this.onSession = onSession;
    }

    private void sniff(CharSequence text) {
      StringBuilder b = seen;
      if (b == null) {
        return;
      }
      b.append(text);
      java.util.regex.Matcher m = ID.matcher(b);
      if (m.find()) {
        onSession.accept(m.group(1));
        seen = null;
      } else if (b.length() > 4096) {
        seen = null; // no session in the first events: nothing to bind
      }
    }

    @Override
    public void write(String s, int off, int len) {
      sniff(s.subSequence(off, off + len));
      super.write(s, off, len);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      sniff(java.nio.CharBuffer.wrap(buf, off, len));
      super.write(buf, off, len);
    }

    @Override
    public void write(int c) {
      sniff(String.valueOf((char) c));
      super.write(c);
    }
  }
}
