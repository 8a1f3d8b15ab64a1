package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.burnrate.engine.AnomalyReport;
import dev.burnrate.engine.BreakdownRow;
import dev.burnrate.engine.CostModelView;
import dev.burnrate.engine.CostReport;
import dev.burnrate.engine.Digest;
import dev.burnrate.engine.TopSpenders;
import dev.burnrate.mcp.CostTool;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each tool's output schema (written by hand in {@link Shapes} and the tools) against the record
 * the tool returns: every record component, snake_cased, is a schema property and every property is
 * a component, recursively through nested records, lists, maps and optionals. A sealed interface is
 * checked as the union of its records' components.
 */
class OutputSchemaMatchesRecordsTest {
  /** Tool name to the record its {@code call} returns. */
  static final Map<String, Class<?>> RESULTS =
      Map.ofEntries(
          Map.entry("get_cost_report", CostReport.class),
          Map.entry("get_top_spenders", TopSpenders.class),
          Map.entry("detect_anomalies", AnomalyReport.class),
          Map.entry("get_cost_digest", Digest.class),
          Map.entry("get_cost_weights", CostModelView.class),
          Map.entry("check_budget", dev.burnrate.budget.BudgetReport.class),
          Map.entry("preflight_deploy", dev.burnrate.budget.PreflightDecision.class),
          Map.entry("recommend_downgrade", dev.burnrate.downgrade.Advice.class),
          Map.entry("estimate_cost", dev.burnrate.pricing.Estimate.class),
          Map.entry("reserve_spend", dev.burnrate.reserve.Answers.Reserve.class),
          Map.entry("settle_spend", dev.burnrate.reserve.Answers.Settle.class),
          Map.entry("release_spend", dev.burnrate.reserve.Answers.Release.class));

  /**
   * Where the wire shape is not the record's shape (set in {@code wire.Shapes}): components written
   * inline (their record's components stand beside the others), components not written, names
   * written that are no component, and components of which each schema holds exactly one (a budget
   * line is led by {@code scope}, {@code agent} or {@code team}).
   */
  static final Map<Class<?>, Set<String>> UNWRAPPED =
      Map.of(
          dev.burnrate.pricing.Estimate.class, Set.of("cost"),
          dev.burnrate.budget.PreflightDecision.Pass.class, Set.of("findings"),
          dev.burnrate.budget.PreflightDecision.Veto.class, Set.of("findings"));

  static final Map<Class<?>, Set<String>> HIDDEN =
      Map.of(dev.burnrate.downgrade.Recommendation.class, Set.of("volumes"));
  static final Map<Class<?>, Set<String>> WRITTEN =
      Map.of(
          dev.burnrate.budget.PreflightDecision.Pass.class, Set.of("decision"),
          dev.burnrate.budget.PreflightDecision.Veto.class, Set.of("decision"));
  static final Map<Class<?>, Set<String>> ONE_OF =
      Map.of(dev.burnrate.budget.BudgetReport.Line.class, Set.of("scope", "agent", "team"));

  /**
   * Records whose first components are written as one property named by a value (a breakdown row
   * leads with {@code "<dimension>": key}): how many components that property replaces.
   */
  static final Map<Class<?>, Integer> LED_BY_VALUE = Map.of(BreakdownRow.class, 2);

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  static Stream<Arguments> tools() {
    Map<String, CostTool> byName = new LinkedHashMap<>();
    CostToolSet.all(null).forEach(t -> byName.put(t.name(), t));
    return RESULTS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), byName.get(e.getKey()), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tools")
  void everyComponentIsAPropertyAndEveryPropertyAComponent(
      String name, CostTool tool, Class<?> result) {
    assertNotNull(tool, "no tool named " + name);
    List<String> problems = new ArrayList<>();
    check(tool.outputSchema(), result, name, problems);
    assertEquals(
        List.of(), problems, name + "'s output schema and " + result.getSimpleName() + " differ");
  }

  @SuppressWarnings("unchecked")
  static void check(Map<String, Object> schema, Type type, String path, List<String> problems) {
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      check(schema, arg(type, 0), path, problems);
    } else if (List.class.isAssignableFrom(raw)) {
      Object items = schema.get("items");
      if (!(items instanceof Map)) {
        problems.add(path + ": a list in the record, no items in the schema");
        return;
      }
      check((Map<String, Object>) items, arg(type, 0), path + "[]", problems);
    } else if (Map.class.isAssignableFrom(raw)) {
      Type values = arg(type, 1);
      if (schema.get("additionalProperties") instanceof Map<?, ?> extra) {
        check((Map<String, Object>) extra, values, path + ".*", problems);
      }
      if (schema.get("properties") instanceof Map<?, ?> props) {
        props.forEach((k, v) -> check((Map<String, Object>) v, values, path + "." + k, problems));
      }
      if (!(schema.get("additionalProperties") instanceof Map)
          && !(schema.get("properties") instanceof Map)) {
        problems.add(
            path
                + ": a map in the record, neither properties nor additionalProperties in the schema");
      }
    } else if (raw.isRecord() || raw.isSealed()) {
      checkObject(schema, raw, path, problems);
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkObject(
      Map<String, Object> schema, Class<?> raw, String path, List<String> problems) {
    if (!(schema.get("properties") instanceof Map<?, ?> p)) {
      problems.add(
          path + ": " + raw.getSimpleName() + " is an object, the schema has no properties");
      return;
    }
    Map<String, Object> props = (Map<String, Object>) p;
    List<Class<?>> records = raw.isSealed() ? List.of(raw.getPermittedSubclasses()) : List.of(raw);
    Set<String> expected = new LinkedHashSet<>();
    Map<String, Type> types = new LinkedHashMap<>();
    int ledByValue = 0;
    Set<String> oneOf = new TreeSet<>();
    for (Class<?> r : records) {
      assertInstanceOf(RecordComponent[].class, r.getRecordComponents(), r + " is a record");
      int skip = LED_BY_VALUE.getOrDefault(r, 0);
      ledByValue = Math.max(ledByValue, skip);
      oneOf.addAll(ONE_OF.getOrDefault(r, Set.of()));
      expected.addAll(WRITTEN.getOrDefault(r, Set.of()));
      RecordComponent[] components = r.getRecordComponents();
      for (int i = skip; i < components.length; i++) {
        String name = SNAKE.translate(components[i].getName());
        if (HIDDEN.getOrDefault(r, Set.of()).contains(name) || oneOf.contains(name)) {
          continue;
        }
        if (UNWRAPPED.getOrDefault(r, Set.of()).contains(name)) {
          for (RecordComponent inner : raw(components[i].getGenericType()).getRecordComponents()) {
            String innerName = SNAKE.translate(inner.getName());
            expected.add(innerName);
            types.put(innerName, inner.getGenericType());
          }
          continue;
        }
        expected.add(name);
        types.put(name, components[i].getGenericType());
      }
    }
    if (!oneOf.isEmpty()) {
      Set<String> present = new TreeSet<>(oneOf);
      present.retainAll(props.keySet());
      if (present.size() != 1) {
        problems.add(path + ": exactly one of " + oneOf + " expected, the schema has " + present);
      }
      expected.addAll(present);
    }
    Set<String> extra = new TreeSet<>(props.keySet());
    extra.removeAll(expected);
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(props.keySet());
    if (!missing.isEmpty()) {
      problems.add(path + ": components without a schema property: " + missing);
    }
    if (extra.size() != (ledByValue > 0 ? 1 : 0)) {
      problems.add(
          path
              + ": schema properties without a component of "
              + raw.getSimpleName()
              + ": "
              + extra);
    }
    types.forEach(
        (name, type) -> {
          if (props.get(name) instanceof Map<?, ?> sub) {
            check((Map<String, Object>) sub, type, path + "." + name, problems);
          }
        });
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    fail("unsupported component type " + t);
    return Object.class;
  }

  private static Type arg(Type t, int i) {
    if (t instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[i];
    }
    fail(t + " has no type arguments");
    return Object.class;
  }
}
