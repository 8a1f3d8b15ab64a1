package dev.burnrate.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
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
 * and returns empty instead of throwing, so one pass over all files finds every problem. (One
 * responsibility, the strict typed reading of one file, with one typed reader per kind of value;
 * which is why it is a little over the usual length.)
 *
 * <p>Values are read from the scalar text, never through SnakeYAML's constructors: numbers become
 * {@link BigDecimal} exactly as written, and a quoted {@code "120"} stays text (and is rejected
 * where a number belongs) instead of being coerced.
 */
final class YamlFile {
  /**
   * Bytes in one config file, checked before it is read; the largest realistic file (thousands of
   * per-agent ceilings) is a fraction of this.
   */
  static final int MAX_BYTES = 1 << 20;

  /**
   * Characters on one line. SnakeYAML re-copies its look-ahead buffer for every 1,024 characters of
   * a single token (a comment or an unbroken scalar), so reading a line costs time in the square of
   * its length: a 10 MB comment took 42 s. A token never spans lines, so capping the line makes
   * reading linear in the file size.
   */
  static final int MAX_LINE = 8_192;

  /** Problems listed per file; the rest are counted. */
  static final int MAX_PROBLEMS = 100;

  /** Problems held per file while reading, to pick the first by position from. */
  private static final int KEPT_PROBLEMS = 1_000;

  /** Characters of one problem message; a longer one is cut in the middle. */
  static final int MAX_MESSAGE = 1_000;

  /** Characters of a value quoted in a message. */
  static final int MAX_QUOTED = 80;

  private final String name;
  private final List<Problem> problems = new ArrayList<>();
  private int problemCount;
  private Node root;

  private YamlFile(String name) {
    this.name = name;
  }

  /**
   * Composes {@code text} within the bounds above; a syntax error or a crossed bound is reported
   * and yields a file with no root.
   */
  static YamlFile parse(String name, String text) {
    YamlFile f = new YamlFile(name);
    if (f.linesTooLong(text)) {
      return f;
    }
    LoaderOptions options = new LoaderOptions();
    // Duplicates are found while reading mappings, so all of them are reported with positions.
    options.setAllowDuplicateKeys(true);
    options.setCodePointLimit(MAX_BYTES);
    try {
      f.root = BoundedComposer.compose(text, options);
    } catch (BoundedComposer.LimitException e) {
      f.add(e.mark().getLine() + 1, e.mark().getColumn() + 1, "", e.getMessage());
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " " + e.getContext() : "";
      String message = "YAML syntax error: " + what + context + "; fix the file's structure";
      if (mark == null) {
        f.add(0, 0, "", message);
      } else {
        f.add(mark.getLine() + 1, mark.getColumn() + 1, "", message.strip());
      }
    } catch (YAMLException e) {
      f.add(0, 0, "", "cannot read YAML: " + e.getMessage());
    }
    return f;
  }

  /** Reports every line longer than {@link #MAX_LINE}; one pass over the text. */
  private boolean linesTooLong(String text) {
    boolean found = false;
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '\n';
      if (c != '\n' && c != '\r') {
        continue;
      }
      int length = i - start;
      if (length > MAX_LINE) {
        found = true;
        add(
            line,
            MAX_LINE + 1,
            "",
            "line "
                + line
                + " is "
                + length
                + " characters long, over the limit of "
                + MAX_LINE
                + "; break the value or comment over several lines");
      }
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      line++;
      start = i + 1;
    }
    return found;
  }

  /**
   * What is wrong with this file, by position: the first {@link #MAX_PROBLEMS}, preceded by a count
   * when there are more, so a generated file cannot flood the terminal.
   */
  List<Problem> problems() {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Problem.BY_POSITION);
    if (problemCount <= MAX_PROBLEMS) {
      return out;
    }
    List<Problem> capped = new ArrayList<>(out.subList(0, MAX_PROBLEMS));
    capped.add(
        0,
        new Problem(
            name,
            0,
            0,
            "",
            problemCount
                + " problems in this file; the first "
                + MAX_PROBLEMS
                + " are listed, fix them and validate again"));
    return capped;
  }

  private void add(int line, int col, String path, String message) {
    problemCount++;
    if (problems.size() < KEPT_PROBLEMS) {
      problems.add(new Problem(name, line, col, bounded(path), bounded(message)));
    }
  }

  /** Keeps the start (what is wrong) and the end (what to do) of an over-long text. */
  static String bounded(String text) {
    if (text.length() <= MAX_MESSAGE) {
      return text;
    }
    int cut = text.length() - MAX_MESSAGE + 40;
    int head = MAX_MESSAGE * 2 / 3;
    return text.substring(0, head)
        + " [... "
        + cut
        + " characters cut ...] "
        + text.substring(head + cut);
  }

  /** {@code 'value'}, or its first characters and its length when it is long. */
  static String quote(String value) {
    if (value.length() <= MAX_QUOTED) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, MAX_QUOTED - 20) + "...' (" + value.length() + " characters)";
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
      add(0, 0, path, message);
      return;
    }
    Mark m = at.getStartMark();
    add(m.getLine() + 1, m.getColumn() + 1, path, message);
  }

  /**
   * Reports a problem {@code offset} characters into a plain scalar on its line (for a problem
   * inside a rule string); quoted or multi-line scalars are reported at their start.
   */
  void problemWithin(Node at, String path, int offset, String message) {
    Mark m = at.getStartMark();
    boolean plain =
        at instanceof org.yaml.snakeyaml.nodes.ScalarNode sn
            && sn.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
            && m.getLine() == at.getEndMark().getLine();
    int col = m.getColumn() + 1 + (plain ? Math.max(0, offset) : 0);
    add(m.getLine() + 1, col, path, message);
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
            "duplicate key "
                + quote(key.getValue())
                + " (first at line "
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
          quote(s.getValue()) + " is quoted, so it is text; remove the quotes to make it a number");
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
    problem(node, path, quote(s.getValue()) + " is not a number; write a decimal such as 12.5");
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
      problem(node, path, v.toPlainString() + " is out of range; use " + min + " to " + max);
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
    String found = node instanceof ScalarNode s ? quote(s.getValue()) : describe(node);
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
    return quote(((ScalarNode) node).getValue());
  }

  static String unknownKey(String key, Collection<String> allowed) {
    String suggestion =
        allowed.stream()
            .filter(a -> editDistance(a, key) <= 2)
            .findFirst()
            .map(a -> " (did you mean '" + a + "'?)")
            .orElse("");
    return "unknown key "
        + quote(key)
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
