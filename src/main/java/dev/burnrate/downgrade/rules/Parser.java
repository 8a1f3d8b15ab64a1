package dev.burnrate.downgrade.rules;

import dev.burnrate.downgrade.rules.Lexer.Kind;
import dev.burnrate.downgrade.rules.Lexer.Token;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recursive-descent parser for the rule language; the grammar is in {@link Rule}'s Javadoc.
 *
 * <p>Design note: the parser accepts only the documented syntax and rejects everything else with
 * the column of the first offending character, before any other layer sees the text. Input length
 * and nesting depth are capped so a hostile rule fails with a {@link RuleException}, never with a
 * {@link StackOverflowError}. Types (number vs condition) are checked while the tree is built, so
 * {@code (a < 1) + 2} or a bare {@code avg_token_output} never leave this class.
 */
final class Parser {
  static final int MAX_LENGTH = 1_000;
  static final int MAX_DEPTH = 32;

  /** Levels of operations nested in one another; see the design note for why 120. */
  static final int MAX_OPERATION_DEPTH = 120;

  static final int MAX_DAYS = 90;

  static final String ALLOWED =
      "a rule compares numbers and the variables "
          + Variable.ALLOWED
          + " with < <= > >= == !=, may use + - * / and parentheses, joins comparisons with"
          + " and, or, not, and may end with 'for N days' (N from 1 to "
          + MAX_DAYS
          + ")";

  /** What the parser produced: the condition and the optional day count. */
  record Parsed(Node condition, Optional<Integer> forDays) {}

  private final List<Token> tokens;
  private int pos;
  private int depth;
  private final Map<Node, Integer> operationDepth = new IdentityHashMap<>();

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Parsed parse(String text) throws RuleException {
    if (text == null || text.isBlank()) {
      throw new RuleException(1, "the rule is empty; " + ALLOWED);
    }
    if (text.length() > MAX_LENGTH) {
      throw new RuleException(
          MAX_LENGTH + 1,
          "the rule is "
              + text.length()
              + " characters long; the limit is "
              + MAX_LENGTH
              + ", split it into several rules");
    }
    Parser p = new Parser(Lexer.lex(text));
    Node condition = p.or();
    Optional<Integer> days = p.suffix();
    if (!Node.isBoolean(condition)) {
      throw new RuleException(
          condition.column(),
          "the rule must be a condition such as 'avg_token_output < 200', but it is a number; "
              + ALLOWED);
    }
    return new Parsed(condition, days);
  }

  private Token peek() throws RuleException {
    Token t = tokens.get(pos);
    if (t.kind() == Kind.ERROR) {
      throw t.error();
    }
    return t;
  }

  private boolean atKeyword(String word) throws RuleException {
    return peek().kind() == Kind.NAME && peek().text().equals(word);
  }

  private boolean atOp(String... ops) throws RuleException {
    if (peek().kind() != Kind.OP) {
      return false;
    }
    for (String op : ops) {
      if (peek().text().equals(op)) {
        return true;
      }
    }
    return false;
  }

  private void enter(int column) throws RuleException {
    if (++depth > MAX_DEPTH) {
      throw new RuleException(
          column,
          "the rule nests parentheses or 'not' more than "
              + MAX_DEPTH
              + " levels deep; simplify it");
    }
  }

  /** Records how deep {@code n} nests in CEL; rejects it at {@code op} when that is too deep. */
  private Node nested(Node n, Token op) throws RuleException {
    int d;
    if (n instanceof Node.Arith a) {
      d = 1 + Math.max(levels(a.left()), levels(a.right()));
    } else if (n instanceof Node.Compare c) {
      d = 1 + Math.max(levels(c.left()), levels(c.right()));
    } else if (n instanceof Node.And a) {
      d = Math.max(chained(a.left(), Node.And.class), chained(a.right(), Node.And.class));
    } else if (n instanceof Node.Or o) {
      d = Math.max(chained(o.left(), Node.Or.class), chained(o.right(), Node.Or.class));
    } else if (n instanceof Node.Not not) {
      d = levels(not.operand());
    } else {
      d = 1;
    }
    if (d > MAX_OPERATION_DEPTH) {
      throw new RuleException(
          op.column(),
          "the rule nests operations more than "
              + MAX_OPERATION_DEPTH
              + " levels deep at '"
              + op.text()
              + "' (a chain such as 1+1+...+1 nests one level per operator); the evaluator"
              + " cannot run deeper rules, split it into several rules");
    }
    operationDepth.put(n, d);
    return n;
  }

  private int levels(Node n) {
    return operationDepth.getOrDefault(n, 1);
  }

  /** An operand of and/or: a chain of the same kind is one level in CEL, anything else adds one. */
  private int chained(Node operand, Class<? extends Node> kind) {
    return kind.isInstance(operand) ? levels(operand) : 1 + levels(operand);
  }

  private Node or() throws RuleException {
    Node left = and();
    while (atKeyword("or")) {
      Token op = tokens.get(pos++);
      Node right = and();
      requireCondition(left, op);
      requireCondition(right, op);
      left = nested(new Node.Or(left, right, left.column()), op);
    }
    return left;
  }

  private Node and() throws RuleException {
    Node left = not();
    while (atKeyword("and")) {
      Token op = tokens.get(pos++);
      Node right = not();
      requireCondition(left, op);
      requireCondition(right, op);
      left = nested(new Node.And(left, right, left.column()), op);
    }
    return left;
  }

  private Node not() throws RuleException {
    if (atKeyword("not")) {
      Token op = tokens.get(pos++);
      enter(op.column());
      Node operand = not();
      depth--;
      requireCondition(operand, op);
      return nested(new Node.Not(operand, op.column()), op);
    }
    return comparison();
  }

  private Node comparison() throws RuleException {
    Node left = sum();
    if (!atOp("<", "<=", ">", ">=", "==", "!=")) {
      return left;
    }
    Token op = tokens.get(pos++);
    Node right = sum();
    requireNumber(left, op);
    requireNumber(right, op);
    if (atOp("<", "<=", ">", ">=", "==", "!=")) {
      throw new RuleException(
          peek().column(),
          "comparisons cannot be chained; join them with 'and', as in 0.1 < x and x < 0.4");
    }
    return nested(new Node.Compare(op.text(), left, right, left.column()), op);
  }

  private Node sum() throws RuleException {
    Node left = term();
    while (atOp("+", "-")) {
      Token op = tokens.get(pos++);
      Node right = term();
      requireNumber(left, op);
      requireNumber(right, op);
      left = nested(new Node.Arith(op.text().charAt(0), left, right, left.column()), op);
    }
    return left;
  }

  private Node term() throws RuleException {
    Node left = factor();
    while (atOp("*", "/")) {
      Token op = tokens.get(pos++);
      Node right = factor();
      requireNumber(left, op);
      requireNumber(right, op);
      left = nested(new Node.Arith(op.text().charAt(0), left, right, left.column()), op);
    }
    return left;
  }

  private Node factor() throws RuleException {
    Token t = peek();
    switch (t.kind()) {
      case NUM:
        pos++;
        return number(t.text(), t.column(), t.column());
      case OP:
        if (t.text().equals("-") && tokens.get(pos + 1).kind() == Kind.NUM) {
          Token n = tokens.get(pos + 1);
          if (n.column() != t.column() + 1) {
            throw new RuleException(
                n.column(), "write a negative number without a space after the minus, as in -3");
          }
          pos += 2;
          return number("-" + n.text(), t.column(), n.column());
        }
        throw new RuleException(
            t.column(),
            "expected a number, a variable or '(' but found '"
                + t.text()
                + "'; a minus sign is only allowed directly before a number (write 0 - x)");
      case LPAREN:
        pos++;
        enter(t.column());
        Node inner = or();
        depth--;
        if (peek().kind() != Kind.RPAREN) {
          throw new RuleException(
              peek().column(),
              "expected ')' to close the '(' at column "
                  + t.column()
                  + " but found "
                  + describe(peek()));
        }
        pos++;
        return inner;
      case NAME:
        pos++;
        return name(t);
      default:
        throw new RuleException(
            t.column(),
            "expected a number, a variable or '(' but found " + describe(t) + "; " + ALLOWED);
    }
  }

  private static Node number(String text, int column, int digitsColumn) throws RuleException {
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new RuleException(digitsColumn, "the number " + text + " is too large");
    }
    return new Node.Num(text, column);
  }

  private Node name(Token t) throws RuleException {
    if (peek().kind() == Kind.LPAREN) {
      throw new RuleException(
          t.column(),
          "'" + t.text() + "(' is a function call; rules cannot call functions; " + ALLOWED);
    }
    switch (t.text()) {
      case "and":
      case "or":
      case "not":
      case "for":
      case "days":
        throw new RuleException(
            t.column(), "expected a number, a variable or '(' but found '" + t.text() + "'");
      default:
        break;
    }
    Optional<Variable> v = Variable.byName(t.text());
    if (v.isEmpty()) {
      throw new RuleException(
          t.column(),
          "unknown name '" + t.text() + "'; the allowed variables are " + Variable.ALLOWED);
    }
    return new Node.Var(v.get(), t.column());
  }

  private Optional<Integer> suffix() throws RuleException {
    if (!atKeyword("for")) {
      requireEnd();
      return Optional.empty();
    }
    pos++;
    Token n = peek();
    String usage = "the suffix is 'for N days' with N a whole number from 1 to " + MAX_DAYS;
    if (n.kind() != Kind.NUM || n.text().contains(".")) {
      throw new RuleException(
          n.column(), "expected a whole number of days but found " + describe(n) + "; " + usage);
    }
    pos++;
    String digits = n.text().replaceFirst("^0+(?=.)", "");
    int days = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (days < 1 || days > MAX_DAYS) {
      throw new RuleException(n.column(), "'for " + n.text() + " days' is out of range; " + usage);
    }
    if (!atKeyword("days")) {
      throw new RuleException(
          peek().column(), "expected 'days' but found " + describe(peek()) + "; " + usage);
    }
    pos++;
    requireEnd();
    return Optional.of(days);
  }

  private void requireEnd() throws RuleException {
    Token t = peek();
    if (t.kind() != Kind.EOF) {
      throw new RuleException(
          t.column(),
          "unexpected "
              + describe(t)
              + " after a complete condition; continue with 'and', 'or' or end with 'for N days'");
    }
  }

  private static void requireCondition(Node operand, Token op) throws RuleException {
    if (!Node.isBoolean(operand)) {
      throw new RuleException(
          operand.column(),
          "'"
              + op.text()
              + "' at column "
              + op.column()
              + " needs a condition such as 'avg_token_output < 200' here, not a number");
    }
  }

  private static void requireNumber(Node operand, Token op) throws RuleException {
    if (Node.isBoolean(operand)) {
      throw new RuleException(
          operand.column(),
          "'"
              + op.text()
              + "' at column "
              + op.column()
              + " needs a number or a variable here, not a condition; conditions are joined with"
              + " and, or, not");
    }
  }

  private static String describe(Token t) {
    return t.kind() == Kind.EOF ? "the end of the rule" : "'" + t.text() + "'";
  }
}
