package dev.burnrate.downgrade.rules;

/**
 * The accepted syntax tree. Every node remembers its 1-based column so type errors point at the
 * operand that is wrong, not at the end of the rule.
 */
sealed interface Node {
  int column();

  /** A number literal, kept as written so the CEL text shows the operator's own digits. */
  record Num(String text, int column) implements Node {}

  record Var(Variable variable, int column) implements Node {}

  /** {@code + - * /} over numbers. */
  record Arith(char op, Node left, Node right, int column) implements Node {}

  /** {@code < <= > >= == !=} over numbers. */
  record Compare(String op, Node left, Node right, int column) implements Node {}

  record And(Node left, Node right, int column) implements Node {}

  record Or(Node left, Node right, int column) implements Node {}

  record Not(Node operand, int column) implements Node {}

  static boolean isBoolean(Node n) {
    return n instanceof Compare || n instanceof And || n instanceof Or || n instanceof Not;
  }
}
