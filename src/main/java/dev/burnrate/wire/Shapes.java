package dev.burnrate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.burnrate.engine.AnomalyKind;
import dev.burnrate.engine.BreakdownRow;
import dev.burnrate.engine.Digest;
import dev.burnrate.usage.Dimension;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.time.Instant;
import java.util.function.Function;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  /** A breakdown row's components after {@code dimension} and {@code key}, as the mapper names them. */
  private static final RecordComponent[] ROW = BreakdownRow.class.getRecordComponents();
  private static final String[] ROW_NAMES = Arrays.stream(ROW)
      .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
      .toArray(String[]::new);

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    engine(m);
    return m;
  }

  /**
   * The engine's results: instants in ISO-8601 UTC ({@code 2026-02-23T12:00:00Z}), dimensions and
   * kinds by their wire names (also as map keys), and a breakdown row led by its value under the
   * dimension's name ({@code {"agent_id": "a", "count": 3, ...}}).
   */
  private static void engine(SimpleModule m) {
    m.addSerializer(Instant.class, text(Instant.class, Instant::toString));
    m.addSerializer(Dimension.class, text(Dimension.class, Dimension::wire));
    m.addKeySerializer(Dimension.class, new JsonSerializer<Dimension>() {
      @Override
      public void serialize(Dimension d, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeFieldName(d.wire());
      }
    });
    m.addSerializer(AnomalyKind.class, text(AnomalyKind.class, AnomalyKind::wire));
    m.addSerializer(Digest.Recommendation.Kind.class,
        text(Digest.Recommendation.Kind.class, Digest.Recommendation.Kind::wire));
    m.addSerializer(BreakdownRow.class, new StdSerializer<>(BreakdownRow.class) {
      @Override
      public void serialize(BreakdownRow r, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeStartObject();
        g.writeStringField(r.dimension().wire(), r.key());
        for (int i = 2; i < ROW.length; i++) {
          try {
            p.defaultSerializeField(ROW_NAMES[i], ROW[i].getAccessor().invoke(r), g);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record accessor is always callable", e);
          }
        }
        g.writeEndObject();
      }
    });
  }

  private static <T> StdSerializer<T> text(Class<T> type, Function<T, String> wire) {
    return new StdSerializer<>(type) {
      @Override
      public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(wire.apply(value));
      }
    };
  }
}
