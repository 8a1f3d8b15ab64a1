package dev.burnrate.usage;

/**
 * Names (agents, tools, teams, models) made safe to show to a human: on a terminal, in a chat
 * message, in a markdown draft. JSON output needs none of this; its escaping already holds.
 *
 * <p>Design note: control characters (C0, DEL, C1), line and paragraph separators and the bidi
 * marks, embeddings, overrides and isolates become a visible escape as Java and JSON write them
 * (ESC is shown as a backslash, 'u' and {@code 001b}), so a name can neither move the cursor, clear
 * the screen, start a new line nor reorder what follows it. In markdown, every character that can
 * open markup is escaped too: '&amp;', '&lt;' and '&gt;' as entities (what both CommonMark and
 * Slack understand, so {@code <!channel>} cannot ping), the others with a backslash. '_' is left
 * alone between two letters or digits, where no markdown dialect reads it as emphasis, so {@code
 * web_search} stays readable.
 */
public final class Text {
  private static final String HEX = "0123456789abcdef";

  private Text() {}

  /** {@code s} with every control character replaced by a visible escape; one line. */
  public static String plain(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append("\\u")
            .append(HEX.charAt(c >> 12))
            .append(HEX.charAt(c >> 8 & 15))
            .append(HEX.charAt(c >> 4 & 15))
            .append(HEX.charAt(c & 15));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Text of several lines, each made {@link #plain}; the line breaks ('\n') are kept. */
  public static String lines(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int from = 0;
    for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', from)) {
      sb.append(plain(s.substring(from, nl))).append('\n');
      from = nl + 1;
    }
    return sb.append(plain(s.substring(from))).toString();
  }

  /** A name to embed in markdown or a chat message: {@link #plain}, and inert as markup. */
  public static String markdown(String s) {
    String p = plain(s);
    StringBuilder sb = new StringBuilder(p.length() + 8);
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\\', '*', '[', ']', '(', ')', '#', '|', '`', '~', '!' -> sb.append('\\').append(c);
        case '_' -> {
          boolean inWord =
              i > 0
                  && i + 1 < p.length()
                  && Character.isLetterOrDigit(p.charAt(i - 1))
                  && Character.isLetterOrDigit(p.charAt(i + 1));
          sb.append(inWord ? "_" : "\\_");
        }
        case '-', '+', '=' ->
            sb.append(i == 0 ? "\\" : "").append(c); // a list item or heading line
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || c == 0x2028
        || c == 0x2029
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
