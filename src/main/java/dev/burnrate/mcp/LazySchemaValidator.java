package dev.burnrate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools' JSON Schema checks, on the schema library the SDK ships (draft 2020-12, as the SDK's
 * own validator), built on first use: the library is a few hundred classes that {@code initialize}
 * does not need, and loading them up front delays the handshake. The stdio server {@link #preload()
 * preloads} it once the client confirms the handshake, before reading the client's first request.
 *
 * <p>Design note — why not the SDK's validator as it is. Per call it keyed its schema cache by the
 * schema map's deep hash code (a walk over the whole schema, and two schemas with one hash would
 * share a compiled schema), converted the content to a tree, and on success wrote the tree back out
 * as a string nobody reads; and the SDK validates a tool's structured result again after the
 * gateway already has. Here schemas compile once per schema object (the tools' schemas are built
 * once), the gateway checks its own tree ({@link #check}), and the result it checked is marked on
 * its thread so the SDK's second look at that same object passes without a second pass ({@link
 * #checked}). Any other content is validated in full, with the SDK validator's messages.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
  /** Compiled schemas kept at most; past it a schema is compiled for its one use. */
  private static final int MAX_SCHEMAS = 1024;

  /** The result the gateway checked last on this thread, which the SDK checks next. */
  private static final ThreadLocal<Object> CHECKED = new ThreadLocal<>();

  private volatile SchemaRegistry registry;
  private final Map<Map<String, Object>, Schema> compiled = new IdentityHashMap<>();

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object content) {
    if (schema == null || content == null) {
      throw new IllegalArgumentException(
          (schema == null ? "Schema" : "Structured content") + " must not be null");
    }
    if (content == CHECKED.get()) {
      CHECKED.remove();
      return ValidationResponse.asValid(null);
    }
    try {
      JsonNode node =
          content instanceof String s ? Json.MAPPER.readTree(s) : Json.MAPPER.valueToTree(content);
      ValidationResponse r = check(schema, node);
      return r.valid() ? ValidationResponse.asValid(node.toString()) : r;
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return ValidationResponse.asInvalid("Error parsing tool JSON Schema: " + e.getMessage());
    }
  }

  /**
   * Checks {@code node} against {@code schema} as it is (no copy); a valid answer carries no text.
   * The message of an invalid one is the SDK validator's, which {@link SchemaErrors} reads.
   */
  ValidationResponse check(Map<String, Object> schema, JsonNode node) {
    List<com.networknt.schema.Error> errors = schema(schema).validate(node);
    return errors.isEmpty()
        ? ValidationResponse.asValid(null)
        : ValidationResponse.asInvalid(
            "Validation failed: JSON schema validation errors: " + errors);
  }

  /**
   * {@code content} (a tool's structured result) was checked against its output schema on this
   * thread and goes to the SDK unchanged: its own check of that same object passes at once.
   */
  void checked(Object content) {
    CHECKED.set(content);
  }

  /** How many schemas are compiled and kept. */
  int compiledCount() {
    synchronized (compiled) {
      return compiled.size();
    }
  }

  /** Builds the schema library now, if it is not built yet. */
  void preload() {
    registry();
  }

  private Schema schema(Map<String, Object> schema) {
    synchronized (compiled) {
      Schema s = compiled.get(schema);
      if (s != null) {
        return s;
      }
    }
    Schema s = registry().getSchema(Json.MAPPER.<JsonNode>valueToTree(schema));
    synchronized (compiled) {
      if (compiled.size() < MAX_SCHEMAS) {
        compiled.putIfAbsent(schema, s);
      }
    }
    return s;
  }

  private SchemaRegistry registry() {
    SchemaRegistry r = registry;
    if (r == null) {
      synchronized (this) {
        r = registry;
        if (r == null) {
          r = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
          registry = r;
        }
      }
    }
    return r;
  }
}
