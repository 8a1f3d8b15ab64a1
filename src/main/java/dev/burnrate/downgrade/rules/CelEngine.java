package dev.burnrate.downgrade.rules;

import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import java.util.Map;

/**
 * The second layer: CEL type-checks the translated text and evaluates it.
 *
 * <p>Design note: the environment is the smallest one the translation needs. The checker knows only
 * the rule variables (as {@code double}), the logical operators, the six comparisons and the four
 * arithmetic operators, and requires a {@code bool} result; no macros, no container, no message
 * types, no conversions, no strings. The runtime binds only the matching standard functions. Even
 * if the parser let something through, CEL has no way to reach Java objects, and this environment
 * has nothing beyond arithmetic to call.
 */
final class CelEngine {
  private static final CelCompiler COMPILER = compiler(SimpleType.BOOL);

  /** For divisors, evaluated alone to say which one was zero. */
  private static final CelCompiler NUMBER_COMPILER = compiler(SimpleType.DOUBLE);

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setStandardEnvironmentEnabled(false)
          .setStandardFunctions(
              CelStandardFunctions.newBuilder()
                  .includeFunctions(
                      CelStandardFunctions.StandardFunction.LOGICAL_NOT,
                      CelStandardFunctions.StandardFunction.EQUALS,
                      CelStandardFunctions.StandardFunction.NOT_EQUALS,
                      CelStandardFunctions.StandardFunction.LESS,
                      CelStandardFunctions.StandardFunction.LESS_EQUALS,
                      CelStandardFunctions.StandardFunction.GREATER,
                      CelStandardFunctions.StandardFunction.GREATER_EQUALS,
                      CelStandardFunctions.StandardFunction.ADD,
                      CelStandardFunctions.StandardFunction.SUBTRACT,
                      CelStandardFunctions.StandardFunction.MULTIPLY,
                      CelStandardFunctions.StandardFunction.DIVIDE,
                      CelStandardFunctions.StandardFunction.NEGATE)
                  .build())
          .build();

  private CelEngine() {}

  private static CelCompiler compiler(CelType resultType) {
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardEnvironmentEnabled(false)
            .setStandardDeclarations(
                CelStandardDeclarations.newBuilder()
                    .includeFunctions(
                        CelStandardDeclarations.StandardFunction.LOGICAL_AND,
                        CelStandardDeclarations.StandardFunction.LOGICAL_OR,
                        CelStandardDeclarations.StandardFunction.LOGICAL_NOT,
                        CelStandardDeclarations.StandardFunction.EQUALS,
                        CelStandardDeclarations.StandardFunction.NOT_EQUALS,
                        CelStandardDeclarations.StandardFunction.LESS,
                        CelStandardDeclarations.StandardFunction.LESS_EQUALS,
                        CelStandardDeclarations.StandardFunction.GREATER,
                        CelStandardDeclarations.StandardFunction.GREATER_EQUALS,
                        CelStandardDeclarations.StandardFunction.ADD,
                        CelStandardDeclarations.StandardFunction.SUBTRACT,
                        CelStandardDeclarations.StandardFunction.MULTIPLY,
                        CelStandardDeclarations.StandardFunction.DIVIDE,
                        CelStandardDeclarations.StandardFunction.NEGATE)
                    .build())
            .setResultType(resultType);
    for (String name : Variable.NAMES) {
      b.addVar(name, SimpleType.DOUBLE);
    }
    return b.build();
  }

  /** Type-checks CEL text; failing here means the parser accepted something it should not. */
  static CelRuntime.Program compile(String celText) throws RuleException {
    return compile(COMPILER, celText);
  }

  /** Type-checks a numeric sub-expression (a divisor) of an accepted rule. */
  static CelRuntime.Program compileNumber(String celText) throws RuleException {
    return compile(NUMBER_COMPILER, celText);
  }

  private static CelRuntime.Program compile(CelCompiler compiler, String celText)
      throws RuleException {
    CelValidationResult result = compiler.compile(celText);
    if (result.hasError()) {
      // The first line names the error; the rest quotes the translated text, which can be long.
      String error = result.getErrorString().lines().findFirst().orElse("").strip();
      throw new RuleException(1, "the rule failed the CEL check: " + error);
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      return RUNTIME.createProgram(ast);
    } catch (Exception e) {
      throw new RuleException(
          1, "the rule could not be prepared for evaluation: " + e.getMessage());
    }
  }

  /** Evaluates with every declared variable bound; missing values are NaN (see {@link CelText}). */
  static boolean eval(CelRuntime.Program program, Map<String, Double> bindings) {
    return (Boolean) evalTo(Boolean.class, program, bindings);
  }

  static double evalNumber(CelRuntime.Program program, Map<String, Double> bindings) {
    return (Double) evalTo(Double.class, program, bindings);
  }

  private static Object evalTo(
      Class<?> type, CelRuntime.Program program, Map<String, Double> bindings) {
    try {
      Object result = program.eval(bindings);
      if (type.isInstance(result)) {
        return result;
      }
      throw new IllegalStateException(
          "rule evaluated to " + result + " instead of a " + type.getSimpleName());
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("rule evaluation failed: " + e.getMessage(), e);
    }
  }
}
