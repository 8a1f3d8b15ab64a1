package dev.burnrate.downgrade.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The closed list of names a rule may read; meanings and units are documented on {@link Rule}. */
enum Variable {
  AVG_COMPLEXITY_SCORE,
  AVG_TOKEN_OUTPUT,
  AVG_TOKEN_INPUT,
  CALLS,
  COST_USD,
  ERROR_RATE,
  TOOL_VARIETY,
  TOKEN_OUTPUT_VS_FLEET;

  static final List<String> NAMES =
      Arrays.stream(values()).map(Variable::ruleName).collect(Collectors.toUnmodifiableList());

  static final String ALLOWED = String.join(", ", NAMES);

  String ruleName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Optional<Variable> byName(String name) {
    return Arrays.stream(values()).filter(v -> v.ruleName().equals(name)).findFirst();
  }
}
