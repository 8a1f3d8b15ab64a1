package dev.burnrate.store;

import dev.burnrate.engine.Bytes;
import dev.burnrate.engine.SegmentBuilder;
import dev.burnrate.usage.Dimension;

/**
 * Reads audit JSONL straight from bytes into a {@link SegmentBuilder}. Hand-written rather than
 * Jackson because a month of history is 1.4 GB of lines with one flat shape: the parser interns
 * dimension strings from the raw bytes, parses numbers and timestamps in place, and allocates
 * nothing per event on the common path.
 *
 * <p>This class splits lines and walks each line's object; {@link JsonCursor} reads the JSON values
 * and {@link EventFields} maps field names to the event's columns.
 *
 * <p>Only complete lines (ending in {@code \n}) are consumed, so a line another process is still
 * writing is left for the next read. A line that is not a valid event is recorded as malformed with
 * its line number and the reason; it never stops the read.
 */
final class JsonlParser {
  private static final int TOOL = Dimension.TOOL.ordinal();
  private static final int STATUS = Dimension.STATUS.ordinal();

  private final SegmentBuilder out;
  private final ParsedEvent event;
  private final JsonCursor c = new JsonCursor();
  private long lines;

  /**
   * The field names of the last line, by position, with their fields: one producer writes its
   * fields in the same order on every line, so the name at each position is checked against the
   * last line's with one comparison instead of being scanned, hashed and looked up.
   */
  private final byte[][] lastNames = new byte[MAX_PREDICTED][];

  /**
   * Per position, a name of up to six bytes as the word its quoted form starts (the rest masked out
   * by {@link #lastMasks}), so the common names are checked with one compare; 0 masks for longer
   * names.
   */
  private final long[] lastWords = new long[MAX_PREDICTED];

  private final long[] lastMasks = new long[MAX_PREDICTED];

  private final EventFields.Field[] lastFields = new EventFields.Field[MAX_PREDICTED];

  private static final int MAX_PREDICTED = 48;

  JsonlParser(SegmentBuilder out) {
    this.out = out;
    this.event = new ParsedEvent(out);
  }

  /** Lines consumed by the last {@link #parse} call, blank ones included. */
  long lines() {
    return lines;
  }

  /**
   * Parses the complete lines of {@code buf[from, to)}.
   *
   * @return the offset just past the last complete line consumed
   */
  int parse(byte[] buf, int from, int to, long firstLine) {
    long line = firstLine;
    int lineStart = from;
    int complete = lastLineEnd(buf, from, to);
    while (lineStart < complete) {
      if (buf[lineStart] == '{') {
        int next = parseToNewline(buf, lineStart, complete, line);
        if (next >= 0) {
          line++;
          lineStart = next;
          continue;
        }
      }
      int nl = Swar.indexOf(buf, (byte) '\n', lineStart, complete);
      int lineEnd = nl;
      if (lineEnd > lineStart && buf[lineEnd - 1] == '\r') {
        lineEnd--;
      }
      if (!blank(buf, lineStart, lineEnd)) {
        parseLine(buf, lineStart, lineEnd, line);
      }
      line++;
      lineStart = nl + 1;
    }
    lines = line - firstLine;
    return lineStart;
  }

  /** The offset just past the last {@code \n} in {@code buf[from, to)}; {@code from} when none. */
  private static int lastLineEnd(byte[] buf, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (buf[i] == '\n') {
        return i + 1;
      }
    }
    return from;
  }

  /**
   * Parses the line at {@code from} as one event object followed by its {@code \n}, without first
   * looking for the line's end: the common case, a valid line, reads its bytes once. The cursor
   * never passes a {@code \n} (it is not whitespace to it, and no string, number or literal holds
   * one), so it cannot read into the next line, and up to the point where it stops it reads what
   * the line-bounded parse reads. Anything else (a bad line, text after the object) returns -1 with
   * nothing emitted, and the line is parsed again within its bounds, for the same outcome and
   * message as ever.
   *
   * @param complete the end of the last complete line: the cursor never reads past it
   * @return the offset of the next line, or -1 to parse this line within its bounds
   */
  private int parseToNewline(byte[] buf, int from, int complete, long line) {
    c.reset(buf, from, complete);
    event.reset();
    if (!parseObject()) {
      return -1;
    }
    c.skipWs();
    if (c.atEnd() || buf[c.p] != '\n') {
      return -1;
    }
    finish(line);
    return c.p + 1;
  }

  private static boolean blank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private void parseLine(byte[] buf, int from, int to, long line) {
    c.reset(buf, from, to);
    event.reset();
    if (!parseObject()) {
      out.malformed(line, c.error == null ? "not a JSON object" : c.error);
      return;
    }
    c.skipWs();
    if (!c.atEnd()) {
      out.malformed(line, "unexpected text after the JSON object at column " + (c.p - from + 1));
      return;
    }
    finish(line);
  }

  /** Emits the object just parsed, or records why it is not an event. */
  private void finish(long line) {
    if (event.ts == Timestamps.INVALID) {
      out.malformed(line, "missing ts");
      return;
    }
    if (event.dims[TOOL] < 0) {
      out.malformed(line, "missing tool");
      return;
    }
    if (event.dims[STATUS] < 0) {
      out.malformed(line, "missing status (pass, failed, error or denied)");
      return;
    }
    event.emit();
  }

  /** A name no field has: its value is skipped. */
  private static final EventFields.Field UNKNOWN = (cursor, e) -> cursor.skipValue(0);

  /**
   * The field at {@code position} when the cursor is at the same quoted name as the last line's
   * there (consumed), else null (nothing consumed). A name written with escapes never matches, so
   * it takes the full path.
   */
  private EventFields.Field predicted(int position) {
    if (position >= MAX_PREDICTED) {
      return null;
    }
    byte[] quoted = lastNames[position];
    if (quoted == null) {
      return null;
    }
    byte[] b = c.b;
    int at = c.p;
    long mask = lastMasks[position];
    if (mask != 0 && at + 8 <= c.end) {
      if ((Bytes.word(b, at) & mask) != lastWords[position]) {
        return null;
      }
    } else if (at + quoted.length > c.end || !Bytes.same(b, at, quoted, 0, quoted.length)) {
      return null;
    }
    c.p = at + quoted.length;
    return lastFields[position];
  }

  /** Remembers the name just read at {@code position} for the next line; see {@link #predicted}. */
  private void remember(int position, EventFields.Field field) {
    if (position < MAX_PREDICTED && c.decoded == null) {
      // the name with its quotes, as the line holds it
      byte[] quoted = java.util.Arrays.copyOfRange(c.b, c.strStart - 1, c.strEnd + 1);
      lastNames[position] = quoted;
      lastFields[position] = field;
      if (quoted.length <= 8) {
        long mask = quoted.length == 8 ? -1L : (1L << (8 * quoted.length)) - 1;
        byte[] padded = java.util.Arrays.copyOf(quoted, 8);
        lastWords[position] = Bytes.word(padded, 0) & mask;
        lastMasks[position] = mask;
      } else {
        lastMasks[position] = 0;
      }
    }
  }

  private boolean parseObject() {
    c.skipWs();
    if (!c.consume('{')) {
      return c.fail("not a JSON object");
    }
    c.skipWs();
    if (c.consume('}')) {
      return true;
    }
    for (int position = 0; ; position++) {
      c.skipWs();
      EventFields.Field field = predicted(position);
      if (field == null) {
        if (!c.readString()) {
          return c.fail(c.error == null ? "expected a field name" : c.error);
        }
        field =
            c.decoded != null
                ? EventFields.lookup(c.decoded)
                : EventFields.lookup(c.b, c.strStart, c.strEnd - c.strStart);
        if (field == null) {
          field = UNKNOWN;
        }
        remember(position, field);
      }
      c.skipWs();
      if (!c.consume(':')) {
        return c.fail("expected ':' after a field name");
      }
      c.skipWs();
      if (!field.read(c, event)) {
        return false;
      }
      c.skipWs();
      if (c.atEnd()) {
        return c.fail("unterminated object");
      }
      if (c.consume(',')) {
        continue;
      }
      if (c.consume('}')) {
        return true;
      }
      return c.fail("expected ',' or '}'");
    }
  }
}
