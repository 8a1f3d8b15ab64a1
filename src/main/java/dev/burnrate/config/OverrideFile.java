package dev.burnrate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.burnrate.budget.DeployOverride;
import dev.burnrate.wire.Wire;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A deploy override, {@code cost/overrides/<agent>.yaml}, read with the same strict, bounded YAML
 * reader as the config files, so what is wrong with one is located ({@code line:col}).
 *
 * <p>An override is not config: a bad one must not stop anything, so nothing here throws. It is
 * ignored with warnings saying what is wrong, which the gate shows in its answer. The {@code agent}
 * key is checked against the agent being decided for because a file name alone can be mistaken:
 * copied from another agent's override, or written for a name whose file name differs from it.
 */
public final class OverrideFile {
  private static final List<String> KEYS = List.of("agent", "reason", "approver", "expires_at");

  private OverrideFile() {}

  /** The override if it is well-formed and names {@code agent}, and what was wrong otherwise. */
  public record Read(Optional<DeployOverride> override, List<String> warnings) {
    public Read {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * @param where the file's path as shown, relative to the data directory
   * @param text the file's content
   * @param agent the agent the gate is deciding for
   */
  public static Read read(String where, String text, String agent) {
    YamlFile f = YamlFile.parse(where, text);
    if (f.root() == null && !f.problems().isEmpty()) {
      return ignored(
          "the override at "
              + where
              + " is not readable YAML and was ignored ("
              + f.problems().get(0)
              + ")");
    }
    if (!(f.root() instanceof MappingNode)) {
      return ignored(
          "the override at "
              + where
              + " must be a mapping with agent, reason, approver and"
              + " expires_at; it was ignored");
    }
    Map<String, YamlFile.Entry> m = f.entries(f.root(), "").orElse(Map.of());
    List<String> problems = new ArrayList<>();
    YamlFile.Entry named = m.get("agent");
    if (named == null || YamlFile.isNull(named.value())) {
      problems.add(
          "agent is missing; add agent: " + yamlScalar(agent) + " to say which agent it is for");
    } else {
      String value =
          named.value() instanceof ScalarNode s ? s.getValue() : YamlFile.describe(named.value());
      if (!agent.equals(value)) {
        problems.add(
            at(named.value())
                + "it is for agent '"
                + value
                + "', not '"
                + agent
                + "'; if it is"
                + " meant for this agent, set agent: "
                + yamlScalar(agent));
      }
    }
    String reason = text(m.get("reason"), "reason", problems);
    String approver = text(m.get("approver"), "approver", problems);
    Instant expires = expiresAt(m.get("expires_at"), problems);
    for (Map.Entry<String, YamlFile.Entry> e : m.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        problems.add(at(e.getValue().key()) + "unknown key '" + e.getKey() + "'");
      }
    }
    f.problems().forEach(p -> problems.add(p.line() + ":" + p.col() + ": " + p.message()));
    if (!problems.isEmpty()) {
      return ignored("the override at " + where + " was ignored: " + String.join("; ", problems));
    }
    return new Read(
        Optional.of(new DeployOverride(agent, reason, approver, expires, where)), List.of());
  }

  private static Read ignored(String warning) {
    return new Read(Optional.empty(), List.of(warning));
  }

  /** {@code line:col: }, where a problem is. */
  private static String at(Node node) {
    return (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1) + ": ";
  }

  /** Text as YAML reads it: a number or a boolean is not a reason. */
  private static String text(YamlFile.Entry e, String key, List<String> problems) {
    if (e != null
        && e.value() instanceof ScalarNode s
        && s.getTag().equals(Tag.STR)
        && !s.getValue().isBlank()) {
      return s.getValue();
    }
    problems.add((e == null ? "" : at(e.value())) + key + " is missing or empty");
    return null;
  }

  /** A YAML timestamp, or text in ISO-8601 with a zone. */
  private static Instant expiresAt(YamlFile.Entry e, List<String> problems) {
    if (e != null && e.value() instanceof ScalarNode s) {
      if (s.getTag().equals(Tag.TIMESTAMP)) {
        try {
          return ((java.util.Date) new SafeConstructor.ConstructYamlTimestamp().construct(s))
              .toInstant();
        } catch (RuntimeException ex) {
          problems.add(
              at(s) + "expires_at '" + s.getValue() + "' is not an ISO-8601 time with a zone");
          return null;
        }
      }
      if (s.getTag().equals(Tag.STR)) {
        try {
          return OffsetDateTime.parse(s.getValue()).toInstant();
        } catch (RuntimeException ex) {
          problems.add(
              at(s) + "expires_at '" + s.getValue() + "' is not an ISO-8601 time with a zone");
          return null;
        }
      }
    }
    problems.add(
        (e == null ? "" : at(e.value()))
            + "expires_at is missing (an ISO-8601 time with a zone, e.g. 2026-03-31T23:59:59Z)");
    return null;
  }

  /** {@code name} as a YAML scalar a human can paste: bare when plain, else double-quoted. */
  /**
   * The text of an override file that {@link #read} accepts for {@code agent}: every value a YAML
   * scalar standing for exactly itself (quoted and escaped where it is not a plain word).
   */
  public static String text(String agent, String reason, String approver, Instant expiresAt) {
    return "agent: "
        + yamlScalar(agent)
        + "\nreason: "
        + yamlScalar(reason)
        + "\napprover: "
        + yamlScalar(approver)
        + "\nexpires_at: "
        + expiresAt
        + "\n";
  }

  static String yamlScalar(String name) {
    if (name.matches("[A-Za-z][A-Za-z0-9_-]*")
        && !name.matches("(?i)true|false|yes|no|on|off|null")) {
      return name;
    }
    try {
      // A JSON string in ASCII is a YAML double-quoted scalar; ASCII, so no raw character in it
      // can be read by YAML as a line break.
      return Wire.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(name);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string is always serialisable", e);
    }
  }
}
