package dev.burnrate.downgrade.rules;

/**
 * A rule that is not in the rule language. Carries the 1-based column of the first problem so the
 * config layer can prefix {@code file:line:col}; the message says what was found and what is
 * allowed.
 */
public final class RuleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int column;

  RuleException(int column, String message) {
    super("column " + column + ": " + message);
    this.column = column;
  }

  /** 1-based column in the rule text where the problem starts. */
  public int column() {
    return column;
  }
}
