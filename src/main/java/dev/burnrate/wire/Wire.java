package dev.burnrate.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON mapping: every result record (and the few maps left) becomes the same wire form for
 * MCP's structured content, the CLI's {@code --format json} and the files burnrate writes.
 *
 * <p>Rules: record components are written in declaration order under their snake_case names;
 * decimals go out as the domain scaled them ({@code 47791.7550}, {@code 50}), never in exponent
 * form and never with trailing zeros stripped; a null component is written as {@code null}, an
 * empty {@link Optional} is left out (that is how a result says "this key only when it applies").
 * Types whose wire shape is not their record shape register a serializer in {@link #SHAPES}.
 */
public final class Wire {
  /** Serializers for domain types with a shape of their own (registered once, here). */
  static final SimpleModule SHAPES = Shapes.module();

  public static final ObjectMapper MAPPER = build();
  private static final ObjectWriter PRETTY =
      MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectReader EXACT =
      MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Wire() {}

  private static ObjectMapper build() {
    ObjectMapper m =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .addModule(new Jdk8Module())
            .addModule(SHAPES)
            .build();
    m.configOverride(Optional.class)
        .setIncludeAsProperty(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_ABSENT, JsonInclude.Include.ALWAYS));
    return m;
  }

  /** Compact JSON (MCP). */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("result is not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON (the CLI and files people read). */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("result is not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, Map.class);
  }

  /** A reader that keeps every decimal exact (events, configs of amounts). */
  public static ObjectReader exactReader() {
    return EXACT;
  }
}
