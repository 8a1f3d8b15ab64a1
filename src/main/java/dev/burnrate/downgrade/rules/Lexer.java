package dev.burnrate.downgrade.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule language's tokens: numbers, variable names and keywords, operators and parentheses, each
 * with its 1-based column. A character outside the language stops lexing with an ERROR token that
 * says why ({@code &&}: write 'and'); the {@link Parser} raises it only when it gets there, so an
 * earlier syntax error is reported first.
 */
final class Lexer {
  private Lexer() {}

  enum Kind {
    NUM,
    NAME,
    OP,
    LPAREN,
    RPAREN,
    EOF,
    /** Where lexing stopped; raised only when the parser reaches it, so earlier errors win. */
    ERROR
  }

  record Token(Kind kind, String text, int column, RuleException error) {
    Token(Kind kind, String text, int column) {
      this(kind, text, column, null);
    }
  }

  /** The tokens of {@code s}, ending in EOF, or in ERROR where lexing stopped. */
  static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    try {
      lex(s, out);
    } catch (RuleException e) {
      out.add(new Token(Kind.ERROR, "", e.column(), e));
      return out;
    }
    out.add(new Token(Kind.EOF, "end of rule", s.length() + 1));
    return out;
  }

  private static void lex(String s, List<Token> out) throws RuleException {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int col = i + 1;
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c > 0x7e || c < 0x20) {
        throw new RuleException(
            col,
            String.format(
                "character U+%04X is not allowed; names, numbers and operators are plain ASCII"
                    + " (a look-alike letter is a different name); %s",
                (int) c, Parser.ALLOWED));
      } else if (isDigit(c)) {
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
          i++;
          if (i >= s.length() || !isDigit(s.charAt(i))) {
            throw new RuleException(i + 1, "a decimal point must be followed by digits, as in 0.4");
          }
          while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
          }
        }
        if (i < s.length() && (isNameChar(s.charAt(i)) || s.charAt(i) == '.')) {
          throw new RuleException(
              i + 1,
              "'"
                  + s.charAt(i)
                  + "' cannot follow a number; numbers are written as 200 or 0.4, without"
                  + " exponents, suffixes or attributes");
        }
        out.add(new Token(Kind.NUM, s.substring(start, i), col));
      } else if (isNameStart(c)) {
        int start = i;
        while (i < s.length() && isNameChar(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.NAME, s.substring(start, i), col));
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", col));
        i++;
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", col));
        i++;
      } else if (c == '<' || c == '>') {
        boolean eq = i + 1 < s.length() && s.charAt(i + 1) == '=';
        out.add(new Token(Kind.OP, eq ? c + "=" : String.valueOf(c), col));
        i += eq ? 2 : 1;
      } else if (c == '=' || c == '!') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
          out.add(new Token(Kind.OP, c + "=", col));
          i += 2;
        } else {
          throw new RuleException(
              col,
              c == '='
                  ? "'=' is not an operator; compare with '==' (assignment does not exist)"
                  : "'!' is not an operator; negate a condition with 'not'");
        }
      } else if (c == '+' || c == '-' || c == '*' || c == '/') {
        out.add(new Token(Kind.OP, String.valueOf(c), col));
        i++;
      } else {
        throw new RuleException(
            col, "'" + c + "' is not allowed: " + explain(c) + "; " + Parser.ALLOWED);
      }
    }
  }

  private static String explain(char c) {
    switch (c) {
      case '.':
        return "attribute and method access do not exist";
      case '"':
      case '\'':
      case '`':
        return "string literals do not exist";
      case '[':
      case ']':
        return "lists and indexing do not exist";
      case '{':
      case '}':
        return "maps and blocks do not exist";
      case '&':
        return "write 'and' instead of '&&'";
      case '|':
        return "write 'or' instead of '||'";
      case ';':
        return "a rule is a single condition, not a sequence of statements";
      default:
        return "it is not part of the rule language";
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || isDigit(c);
  }
}
