package dev.burnrate.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A tool's structured result as the JSON tree the gateway checked against the output schema: it is
 * written as that tree, and read as a map only by whoever asks (tests, the digest resource).
 * Before, every answer was converted from the tree into maps, and the SDK then wrote the maps out
 * again; writing the tree skips the conversion and its garbage. The tree must not change once
 * wrapped.
 */
@JsonSerialize(using = StructuredContent.Writer.class)
final class StructuredContent extends AbstractMap<String, Object> {
  private final ObjectNode tree;
  private volatile Map<String, Object> map;

  StructuredContent(ObjectNode tree) {
    this.tree = tree;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return asMap().entrySet();
  }

  @Override
  public Object get(Object key) {
    return asMap().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String k && tree.has(k);
  }

  @Override
  public int size() {
    return tree.size();
  }

  private Map<String, Object> asMap() {
    Map<String, Object> m = map;
    if (m == null) {
      m = java.util.Collections.unmodifiableMap(Json.toMap(tree));
      map = m;
    }
    return m;
  }

  /** Writes the tree itself, whatever mapper writes the result. */
  static final class Writer extends StdSerializer<StructuredContent> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(StructuredContent.class);
    }

    @Override
    public void serialize(StructuredContent value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      value.tree.serialize(gen, provider);
    }
  }
}
