package dev.burnrate.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each tool's output schema (written by hand in {@link Shapes} and the tools) against the record
 * the tool returns: every record component, snake_cased, is a schema property and every property is
 * a component, recursively through nested records, lists, maps and optionals. A sealed interface is
 * checked as the union of its records' components. References are followed: {@code $ref} into the
 * schema's own {@code $defs}, and {@link Shapes#like} into another tool's schema, so a shared shape
 * is checked against every record that holds it. A nested object named by its keys ({@link
 * Schema#keys}) is checked by the names its description lists: each must be a component, and each
 * component it does not name must be in {@link #DETAIL}, so a new field is either named or listed
 * there on purpose.
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

  /**
   * Names written that are no component: a preflight decision's kind, how many items a tool left
   * out of a capped list, and the digest's split by source when the bill is counted.
   */
  static final Map<Class<?>, Set<String>> WRITTEN =
      Map.of(
          dev.burnrate.budget.PreflightDecision.Pass.class, Set.of("decision"),
          dev.burnrate.budget.PreflightDecision.Veto.class, Set.of("decision"),
          AnomalyReport.class, Set.of("anomalies_omitted"),
          Digest.class, Set.of("recommendations_omitted", "by_source"),
          dev.burnrate.downgrade.Advice.class, Set.of("recommendations_omitted"),
          dev.burnrate.budget.BudgetReport.class, Set.of("agents_omitted"));

  static final Map<Class<?>, Set<String>> ONE_OF = Map.of();

  /**
   * Records whose first components are written as one property named by a value (a breakdown row
   * leads with {@code "<dimension>": key}): how many components that property replaces.
   */
  static final Map<Class<?>, Integer> LED_BY_VALUE = Map.of(BreakdownRow.class, 2);

  /**
   * The keys an answer carries that its listing names only by group, in words ({@code evidence
   * {window and baseline calls, ...}}): what an agent reads to act (identity, the decision or
   * level, the money, the ranking score) is named, the figures behind it are not, to keep {@code
   * tools/list} small. Keyed by where the key-naming description is written ({@code
   * <tool>.<property>...}, {@code <tool>.$defs.<name>}, {@code []} for a list's items). A new
   * component fails the test until it is named in the description or added here; an entry here that
   * the description names, or that is no component, fails it too.
   */
  static final Map<String, Set<String>> DETAIL =
      Map.ofEntries(
          Map.entry(
              "get_cost_report.totals",
              Set.of(
                  "failed",
                  "denied",
                  "unpriced_calls",
                  "unpriced_cost_units_share",
                  "usd_by_basis",
                  "saturated")),
          Map.entry(
              "get_cost_report.$defs.row",
              Set.of(
                  "duration_ms_sum",
                  "failed_count",
                  "denied_count",
                  "in_size_sum",
                  "out_size_sum",
                  "avg_duration_ms",
                  "avg_cost_units",
                  "unpriced_calls",
                  "unpriced_cost_units_share")),
          Map.entry(
              "get_cost_report.data_quality",
              Set.of("examples", "cache_tokens_exceed_input", "capped_values")),
          Map.entry("get_cost_report.data_quality.data_span", Set.of("note")),
          Map.entry(
              "detect_anomalies.anomalies[]",
              Set.of(
                  "category",
                  "error_rate",
                  "no_baseline",
                  "cost_vs_fleet",
                  "call_rate_ratio",
                  "cost_rate_ratio",
                  "expected_calls",
                  "ratio",
                  "baseline_error_rate",
                  "fleet_ratio",
                  "same_hours_call_ratio",
                  "same_hours_days",
                  "window_calls",
                  "baseline_calls",
                  "tools_riding")),
          Map.entry(
              "detect_anomalies.anomalies[].evidence",
              Set.of(
                  "window_calls",
                  "window_cost_units",
                  "window_failed",
                  "window_error_rate",
                  "baseline_calls",
                  "baseline_cost_units",
                  "window_calls_per_min",
                  "baseline_calls_per_min",
                  "window_cost_units_per_min",
                  "baseline_cost_units_per_min",
                  "top_agent_calls")),
          Map.entry(
              "check_budget.$defs.line",
              Set.of(
                  "today_usd",
                  "daily_burn_usd",
                  "projected_month_end_usd",
                  "projected_pct",
                  "reserved_usd",
                  "unpriced_share",
                  "threshold_pct",
                  "unpriced_calls",
                  "unpriced_cost_units_share",
                  "usd_by_basis",
                  "saturated",
                  "usage_usd",
                  "cloud_usd")),
          Map.entry(
              "preflight_deploy.override", Set.of("present", "reason", "approver", "expires_at")),
          Map.entry("preflight_deploy.override.request", Set.of("fields")),
          Map.entry(
              "estimate_cost.$defs.quote",
              Set.of("resolved_model", "provider", "price_source", "source")),
          Map.entry(
              "recommend_downgrade.recommendations[].evidence",
              Set.of(
                  "window",
                  "models_seen",
                  "avg_complexity_score",
                  "avg_token_output",
                  "calls",
                  "tool_variety",
                  "cost_usd")),
          Map.entry(
              "recommend_downgrade.review_candidates[]",
              Set.of("avg_token_output", "fleet_avg_token_output", "llm_calls")),
          Map.entry("reserve_spend.$defs.scope", Set.of("settled_usd", "reserved_usd")));

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
      new PropertyNamingStrategies.SnakeCaseStrategy();

  /** Every tool's output schema, by name, for references from one tool into another. */
  static final Map<String, Map<String, Object>> SCHEMAS = new LinkedHashMap<>();

  static {
    CostToolSet.all(null).forEach(t -> SCHEMAS.put(t.name(), t.outputSchema()));
  }

  private static final Pattern LIKE = Pattern.compile("Like ([a-z_]+) ([$\\w.]+)");

  /**
   * A schema, the tool schema its own references resolve in, and where it is written: {@code
   * <tool>.<property>...}, or {@code <tool>.$defs.<name>...} for a shared shape, however it was
   * reached.
   */
  record At(Map<String, Object> schema, Map<String, Object> root, String path) {}

  /**
   * What a schema stands for: {@code {"$ref": "#/$defs/x"}} in the same tool's schema, {@code Like
   * <tool> <path>} in another's, any other schema itself.
   */
  static At resolve(Map<String, Object> schema, Map<String, Object> root) {
    return resolve(schema, root, "");
  }

  @SuppressWarnings("unchecked")
  static At resolve(Map<String, Object> schema, Map<String, Object> root, String path) {
    for (int depth = 0; depth < 10; depth++) {
      Matcher like = LIKE.matcher(schema.get("description") instanceof String d ? d : "");
      if (schema.get("$ref") instanceof String ref) {
        String prefix = "#/$defs/";
        assertTrue(ref.startsWith(prefix), ref);
        String def = ref.substring(prefix.length());
        Object target = ((Map<String, Object>) root.get("$defs")).get(def);
        assertNotNull(target, ref + " resolves");
        schema = (Map<String, Object>) target;
        path = path.split("\\.", 2)[0] + ".$defs." + def;
      } else if (like.matches()) {
        root = SCHEMAS.get(like.group(1));
        assertNotNull(root, like.group() + ": no such tool");
        Map<String, Object> at = root;
        if (!like.group(2).equals("answer")) {
          boolean inDefs = false;
          for (String step : like.group(2).split("\\.")) {
            Object next =
                step.equals("$defs")
                    ? at.get("$defs")
                    : inDefs
                        ? at.get(step)
                        : ((Map<String, Object>) at.get("properties")).get(step);
            inDefs = step.equals("$defs");
            assertNotNull(next, like.group() + ": nothing at " + step);
            at = (Map<String, Object>) next;
          }
        }
        schema = at;
        path = like.group(1) + (like.group(2).equals("answer") ? "" : "." + like.group(2));
      } else {
        return new At(schema, root, path);
      }
    }
    throw new AssertionError("references loop at " + schema);
  }

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
    check(tool.outputSchema(), tool.outputSchema(), result, name, problems, new TreeSet<>());
    // A shared shape is met once per place that holds it: say each problem once.
    assertEquals(
        List.of(),
        List.copyOf(new LinkedHashSet<>(problems)),
        name + "'s output schema and " + result.getSimpleName() + " differ");
  }

  /**
   * Checks {@code schema} against {@code type}, adding what differs to {@code problems} and the
   * paths of the key-naming descriptions it meets to {@code named}.
   */
  @Test
  void everyDetailEntryIsWhereAKeysDescriptionIs() {
    Set<String> named = new TreeSet<>();
    tools()
        .forEach(
            a -> {
              CostTool t = (CostTool) a.get()[1];
              Class<?> result = (Class<?>) a.get()[2];
              String name = (String) a.get()[0];
              check(t.outputSchema(), t.outputSchema(), result, name, new ArrayList<>(), named);
            });
    Set<String> unmet = new TreeSet<>(DETAIL.keySet());
    unmet.removeAll(named);
    assertEquals(Set.of(), unmet, "DETAIL paths where no key-naming description is");
  }

  @SuppressWarnings("unchecked")
  static void check(
      Map<String, Object> schema,
      Map<String, Object> root,
      Type type,
      String path,
      List<String> problems,
      Set<String> named) {
    At at = resolve(schema, root, path);
    schema = at.schema();
    root = at.root();
    path = at.path();
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      check(schema, root, arg(type, 0), path, problems, named);
    } else if (List.class.isAssignableFrom(raw)) {
      Object items = schema.get("items");
      if (!(items instanceof Map)) {
        problems.add(path + ": a list in the record, no items in the schema");
        return;
      }
      check((Map<String, Object>) items, root, arg(type, 0), path + "[]", problems, named);
    } else if (Map.class.isAssignableFrom(raw)) {
      Type values = arg(type, 1);
      if (schema.get("additionalProperties") instanceof Map<?, ?> extra) {
        check((Map<String, Object>) extra, root, values, path + ".*", problems, named);
      }
      if (schema.get("properties") instanceof Map<?, ?> props) {
        Map<String, Object> r = root;
        String p = path;
        props.forEach(
            (k, v) -> check((Map<String, Object>) v, r, values, p + "." + k, problems, named));
      }
      if (!(schema.get("additionalProperties") instanceof Map)
          && !(schema.get("properties") instanceof Map)) {
        problems.add(
            path
                + ": a map in the record, neither properties nor additionalProperties in the schema");
      }
    } else if (raw.isRecord() || raw.isSealed()) {
      checkObject(schema, root, raw, path, problems, named);
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkObject(
      Map<String, Object> schema,
      Map<String, Object> root,
      Class<?> raw,
      String path,
      List<String> problems,
      Set<String> named) {
    Map<String, Object> props;
    Set<String> detail = Set.of();
    if (schema.get("properties") instanceof Map<?, ?> p) {
      props = (Map<String, Object>) p;
      if (Schema.namesKeys(schema.get("description"))) {
        // Typed for the server and listed by its keys; both must match the record.
        Map<String, Object> listed = new LinkedHashMap<>(schema);
        listed.remove("properties");
        checkObject(listed, root, raw, path, problems, named);
      } else if (DETAIL.containsKey(path)) {
        problems.add(path + ": spelled out property by property, so in DETAIL by mistake");
      }
    } else if (Schema.namesKeys(schema.get("description"))) {
      props = keys(Schema.keyList((String) schema.get("description")));
      detail = DETAIL.getOrDefault(path, Set.of());
      named.add(path);
    } else {
      problems.add(
          path
              + ": "
              + raw.getSimpleName()
              + " is an object, the schema has neither properties nor a description naming its keys");
      return;
    }
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
    missing.removeAll(detail);
    if (!missing.isEmpty()) {
      problems.add(
          path
              + ": components without a schema property"
              + (props == schema.get("properties") ? "" : " (name them, or add them to DETAIL)")
              + ": "
              + missing);
    }
    Set<String> stale = new TreeSet<>(detail);
    stale.retainAll(props.keySet());
    if (!stale.isEmpty()) {
      problems.add(path + ": named in its key list and in DETAIL: " + stale);
    }
    stale = new TreeSet<>(detail);
    stale.removeAll(expected);
    if (!stale.isEmpty()) {
      problems.add(path + ": in DETAIL, no component of " + raw.getSimpleName() + ": " + stale);
    }
    // A row shared under $defs names its key in words: the key's property is written per row.
    if (extra.size() > (ledByValue > 0 ? 1 : 0)) {
      problems.add(
          path
              + ": schema properties without a component of "
              + raw.getSimpleName()
              + ": "
              + extra);
    }
    types.forEach(
        (name, type) -> {
          if (props.get(name) == NAMED_ONLY) {
            if (holdsRecord(type)) {
              problems.add(path + "." + name + ": a record named without its keys");
            }
          } else if (props.get(name) instanceof Map<?, ?> sub) {
            check((Map<String, Object>) sub, root, type, path + "." + name, problems, named);
          }
        });
  }

  /** A key a key-naming description names with no keys of its own. */
  private static final Map<String, Object> NAMED_ONLY = Map.of();

  /**
   * A key as a {@link Schema#keys} description names it: its name, then its own keys in braces or
   * as a list ({@code [{a, b}]}), then a note in parentheses, each optional.
   */
  private static final Pattern KEY =
      Pattern.compile("([a-z0-9_]+)\\s*(\\{.*}|\\[\\{.*}]|)\\s*(\\(.*\\))?");

  /**
   * The keys a {@link Schema#keys} description names, as schemas: {@code name {a, b}} an object
   * with keys a and b, {@code name [{a, b}]} a list of them, {@code name {k: v}} (a map, described
   * in words) and a bare {@code name} (a note in parentheses aside) {@link #NAMED_ONLY}. Any other
   * part names keys by group, in words ({@code and the ratios behind score}), and names none.
   */
  static Map<String, Object> keys(String list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String part : topLevel(list)) {
      Matcher m = KEY.matcher(part.strip());
      if (!m.matches()) {
        continue;
      }
      String rest = m.group(2);
      Object schema = NAMED_ONLY;
      if (rest.startsWith("{") && !inner(rest).contains(":")) {
        schema = Schema.keys(inner(rest));
      } else if (rest.startsWith("[{")) {
        schema = Schema.arr(Schema.keys(inner(rest.substring(1))));
      }
      out.put(m.group(1), schema);
    }
    return out;
  }

  /** What the brackets opening {@code s} hold. */
  private static String inner(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("{[(".indexOf(c) >= 0) {
        depth++;
      } else if ("}])".indexOf(c) >= 0 && --depth == 0) {
        return s.substring(1, i);
      }
    }
    throw new AssertionError("unbalanced: " + s);
  }

  /** {@code list} split at the commas outside brackets. */
  private static List<String> topLevel(String list) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if ("{[(".indexOf(c) >= 0) {
        depth++;
      } else if ("}])".indexOf(c) >= 0) {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(list.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(list.substring(start));
    return parts;
  }

  private static boolean holdsRecord(Type type) {
    Class<?> raw = raw(type);
    if (raw == Optional.class || List.class.isAssignableFrom(raw)) {
      return holdsRecord(arg(type, 0));
    }
    return raw.isRecord() || raw.isSealed();
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
