package dev.burnrate.config;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One config file composed to SnakeYAML nodes (which keep their marks), and the typed readers the
 * per-file readers are written with. Every reader reports what is wrong to the shared problem list
 * and returns empty instead of throwing, so one pass over all files finds every problem.
 *
 * <p>Values are read from the scalar text, never through SnakeYAML's constructors: numbers become
 * {@link BigDecimal} exactly as written, and a quoted {@code "120"} stays text (and is rejected
 * where a number belongs) instead of being coerced.
 */
final class YamlFile {
  private final String name;
  private final List<Problem> problems;
  private final Node root;

  private YamlFile(String name, List<Problem> problems, Node root) {
    this.name = name;
    this.problems = problems;
    this.root = root;
  }

  /** Composes {@code text}; a syntax error is reported and yields a file with no root. */
  static YamlFile parse(String name, String text, List<Problem> problems) {
    LoaderOptions options = new LoaderOptions();
    // Duplicates are found while reading mappings, so all of them are reported with positions.
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(50);
    Node root = null;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " " + e.getContext() : "";
      String message = "YAML syntax error: " + what + context + "; fix the file's structure";
      if (mark == null) {
        problems.add(new Problem(name, 0, 0, "", message));
      } else {
        problems.add(
            new Problem(name, mark.getLine() + 1, mark.getColumn() + 1, "", message.strip()));
      }
    } catch (YAMLException e) {
      problems.add(new Problem(name, 0, 0, "", "cannot read YAML: " + e.getMessage()));
    }
    return new YamlFile(name, problems, root);
  }

  String name() {
    return name;
  }

  /** The document's root node, or null when the file is empty or could not be parsed. */
  Node root() {
    return root;
  }

  /** {@code file:line:col} of a node, for values carried into the domain (rule texts, prices). */
  String location(Node node) {
    Mark m = node.getStartMark();
    return name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  /** Reports a problem at {@code at}, or against the whole file when there is no node. */
  void problem(Node at, String path, String message) {
    if (at == null) {
      problems.add(new Problem(name, 0, 0, path, message));
      return;
    }
    Mark m = at.getStartMark();
    problems.add(new Problem(name, m.getLine() + 1, m.getColumn() + 1, path, message));
  }

  /**
   * Reports a problem {@code offset} characters into a plain scalar on its line (for a problem
   * inside a rule string); quoted or multi-line scalars are reported at their start.
   */
  void problemWithin(Node at, String path, int offset, String message) {
    Mark m = at.getStartMark();
    boolean plain = at instanceof org.yaml.snakeyaml.nodes.ScalarNode sn
        && sn.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
        && m.getLine() == at.getEndMark().getLine();
    int col = m.getColumn() + 1 + (plain ? Math.max(0, offset) : 0);
    problems.add(new Problem(name, m.getLine() + 1, col, path, message));
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A key and its value, both with positions. */
  record Entry(ScalarNode key, Node value) {}

  /**
   * A mapping with a fixed set of keys: unknown and duplicate keys are reported here. An empty
   * value ({@code key:} with nothing after it) counts as an empty mapping.
   */
  Optional<Fields> fields(Node node, String path, List<String> allowed) {
    return entries(node, path)
        .map(
            entries -> {
              Map<String, Entry> known = new LinkedHashMap<>();
              entries.forEach(
                  (key, entry) -> {
                    if (allowed.contains(key)) {
                      known.put(key, entry);
                    } else {
                      problem(entry.key(), child(path, key), unknownKey(key, allowed));
                    }
                  });
              return new Fields(node, path, known);
            });
  }

  /**
   * A mapping whose keys are names chosen by the operator (tools, agents, roles), in file order.
   * Duplicate keys and non-text keys are reported and dropped.
   */
  Optional<Map<String, Entry>> entries(Node node, String path) {
    if (node == null || isNull(node)) {
      return Optional.of(Map.of());
    }
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path, "expected a mapping of key: value, found " + describe(node));
      return Optional.empty();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || isNull(key)) {
        problem(
            tuple.getKeyNode(),
            path,
            "a key must be plain text, found " + describe(tuple.getKeyNode()));
        continue;
      }
      Entry first = entries.get(key.getValue());
      if (first != null) {
        problem(
            key,
            child(path, key.getValue()),
            "duplicate key '"
                + key.getValue()
                + "' (first at line "
                + (first.key().getStartMark().getLine() + 1)
                + "); keep only one");
        continue;
      }
      entries.put(key.getValue(), new Entry(key, tuple.getValueNode()));
    }
    return Optional.of(entries);
  }

  /** The items of a list; an empty value counts as an empty list. */
  Optional<List<Node>> sequence(Node node, String path) {
    if (node == null || isNull(node)) {
      return Optional.of(List.of());
    }
    if (!(node instanceof SequenceNode seq)) {
      problem(node, path, "expected a list, found " + describe(node));
      return Optional.empty();
    }
    return Optional.of(seq.getValue());
  }

  /** Non-blank text; plain scalars YAML would read as numbers or booleans are taken as text. */
  Optional<String> text(Node node, String path) {
    if (!(node instanceof ScalarNode s)) {
      problem(node, path, "expected text, found " + describe(node));
      return Optional.empty();
    }
    if (isNull(s) || s.getValue().isBlank()) {
      problem(node, path, "is empty; give it a value");
      return Optional.empty();
    }
    return Optional.of(s.getValue());
  }

  /** A number exactly as written. */
  Optional<BigDecimal> decimal(Node node, String path) {
    if (!(node instanceof ScalarNode s)) {
      problem(node, path, "expected a number, found " + describe(node));
      return Optional.empty();
    }
    if (isNull(s)) {
      problem(node, path, "is empty; give it a number");
      return Optional.empty();
    }
    if (!s.isPlain()) {
      problem(
          node,
          path,
          "'" + s.getValue() + "' is quoted, so it is text; remove the quotes to make it a number");
      return Optional.empty();
    }
    boolean numeric = s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT);
    if (numeric) {
      try {
        return Optional.of(new BigDecimal(s.getValue().replace("_", "")));
      } catch (NumberFormatException e) {
        // .inf, .nan, 0x1F and friends: numbers to YAML, not to us
      }
    }
    problem(node, path, "'" + s.getValue() + "' is not a number; write a decimal such as 12.5");
    return Optional.empty();
  }

  /** A number of 0 or more; money, rates and weights are never negative. */
  Optional<BigDecimal> nonNegative(Node node, String path) {
    Optional<BigDecimal> value = decimal(node, path);
    if (value.isPresent() && value.get().signum() < 0) {
      problem(node, path, value.get().toPlainString() + " is negative; use 0 or more");
      return Optional.empty();
    }
    return value;
  }

  /** A number above 0, such as a ceiling: a zero ceiling would veto everything. */
  Optional<BigDecimal> positive(Node node, String path) {
    Optional<BigDecimal> value = decimal(node, path);
    if (value.isPresent() && value.get().signum() <= 0) {
      String v = value.get().toPlainString();
      problem(
          node,
          path,
          (value.get().signum() < 0 ? v + " is negative" : v + " is zero")
              + "; use an amount above 0");
      return Optional.empty();
    }
    return value;
  }

  /** A whole number within {@code [min, max]}. */
  Optional<Long> whole(Node node, String path, long min, long max) {
    Optional<BigDecimal> value = decimal(node, path);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal v = value.get();
    if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
      problem(node, path, v.toPlainString() + " is not a whole number");
      return Optional.empty();
    }
    if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
      problem(
          node, path, v.toPlainString() + " is out of range; use " + min + " to " + max);
      return Optional.empty();
    }
    return Optional.of(v.longValueExact());
  }

  /** {@code true} or {@code false} (YAML 1.1 spellings such as {@code yes} are accepted). */
  Optional<Boolean> bool(Node node, String path) {
    if (node instanceof ScalarNode s && s.isPlain() && s.getTag().equals(Tag.BOOL)) {
      String v = s.getValue().toLowerCase(Locale.ROOT);
      return Optional.of(v.equals("true") || v.equals("yes") || v.equals("on"));
    }
    String found = node instanceof ScalarNode s ? "'" + s.getValue() + "'" : describe(node);
    problem(node, path, found + " is not true or false");
    return Optional.empty();
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "nothing";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  static String unknownKey(String key, Collection<String> allowed) {
    String suggestion =
        allowed.stream()
            .filter(a -> editDistance(a, key) <= 2)
            .findFirst()
            .map(a -> " (did you mean '" + a + "'?)")
            .orElse("");
    return "unknown key '"
        + key
        + "'"
        + suggestion
        + "; expected one of "
        + String.join(", ", allowed);
  }

  /** Levenshtein distance; keys are short, so the quadratic table is fine. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The known keys of one mapping, with the node and path used to report missing ones. */
  final class Fields {
    private final Node node;
    private final String path;
    private final Map<String, Entry> entries;

    private Fields(Node node, String path, Map<String, Entry> entries) {
      this.node = node;
      this.path = path;
      this.entries = entries;
    }

    /** The value under {@code key}, or null when the key is absent. */
    Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    /** The value under {@code key}; reports it missing (at the mapping) when absent. */
    Optional<Node> require(String key) {
      Node value = get(key);
      if (value == null) {
        problem(node, child(path, key), "is missing; this key is required");
      }
      return Optional.ofNullable(value);
    }

    String path(String key) {
      return child(path, key);
    }

    Node node() {
      return node;
    }
  }
}
