package dev.burnrate.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertLevel;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.budget.Scope;
import dev.burnrate.downgrade.Recommendation;
import dev.burnrate.engine.AnomalyKind;
import dev.burnrate.engine.BreakdownRow;
import dev.burnrate.engine.Digest;
import dev.burnrate.pricing.CostBreakdown;
import dev.burnrate.pricing.Estimate;
import dev.burnrate.pricing.Tier;
import dev.burnrate.usage.Dimension;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.function.Function;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  /**
   * A breakdown row's components after {@code dimension} and {@code key}, as the mapper names them.
   */
  private static final RecordComponent[] ROW = BreakdownRow.class.getRecordComponents();

  private static final String[] ROW_NAMES =
      Arrays.stream(ROW)
          .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
          .toArray(String[]::new);

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    time(m);
    engine(m);
    budget(m);
    downgrade(m);
    pricing(m);
    return m;
  }

  /**
   * The engine's results: instants in ISO-8601 UTC ({@code 2026-02-23T12:00:00Z}), dimensions and
   * kinds by their wire names (also as map keys), and a breakdown row led by its value under the
   * dimension's name ({@code {"agent_id": "a", "count": 3, ...}}).
   */
  private static void engine(SimpleModule m) {
    m.addSerializer(Dimension.class, text(Dimension.class, Dimension::wire));
    m.addKeySerializer(
        Dimension.class,
        new JsonSerializer<Dimension>() {
          @Override
          public void serialize(Dimension d, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeFieldName(d.wire());
          }
        });
    m.addSerializer(AnomalyKind.class, text(AnomalyKind.class, AnomalyKind::wire));
    m.addSerializer(
        dev.burnrate.engine.AnomalyQuery.Mode.class,
        text(
            dev.burnrate.engine.AnomalyQuery.Mode.class,
            dev.burnrate.engine.AnomalyQuery.Mode::wire));
    m.addSerializer(
        Digest.Recommendation.Kind.class,
        text(Digest.Recommendation.Kind.class, Digest.Recommendation.Kind::wire));
    m.addSerializer(
        BreakdownRow.class,
        new StdSerializer<>(BreakdownRow.class) {
          @Override
          public void serialize(BreakdownRow r, JsonGenerator g, SerializerProvider p)
              throws IOException {
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

  /** Times, dates, months and zones as their ISO text ({@code toString}). */
  private static void time(SimpleModule m) {
    m.addSerializer(Instant.class, ToStringSerializer.instance);
    m.addSerializer(LocalDate.class, ToStringSerializer.instance);
    m.addSerializer(YearMonth.class, ToStringSerializer.instance);
    m.addSerializer(ZoneId.class, ToStringSerializer.instance);
  }

  /**
   * Budget names as written in {@code budget.yaml} ({@code veto-new-deploys}); a preflight decision
   * as one object: target, agent, {@code decision}, then its findings.
   */
  private static void budget(SimpleModule m) {
    m.addSerializer(AlertAction.class, ToStringSerializer.instance);
    m.addSerializer(AlertLevel.class, ToStringSerializer.instance);
    m.addSerializer(Scope.class, ToStringSerializer.instance);
    m.addSerializer(PreflightDecision.Rule.class, ToStringSerializer.instance);
    m.addSerializer(PreflightDecision.class, new DecisionShape());
  }

  private static final class DecisionShape extends StdSerializer<PreflightDecision> {
    private static final long serialVersionUID = 1L;

    DecisionShape() {
      super(PreflightDecision.class);
    }

    @Override
    public void serialize(PreflightDecision d, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject(d);
      gen.writeStringField("target", d.target());
      gen.writeStringField("agent", d.agent());
      gen.writeStringField("decision", d.decision());
      JsonSerializer<Object> findings =
          provider
              .findValueSerializer(PreflightDecision.Findings.class)
              .unwrappingSerializer(NameTransformer.NOP);
      findings.serialize(d.findings(), gen, provider);
      gen.writeEndObject();
    }
  }

  /**
   * Downgrade advice: instants as ISO-8601 text ({@code 2026-02-21T00:00:00Z}); a recommendation's
   * volumes are for its draft, not its answer.
   */
  private static void downgrade(SimpleModule m) {
    m.setMixInAnnotation(Recommendation.class, RecommendationShape.class);
  }

  @JsonIgnoreProperties({"volumes"})
  private abstract static class RecommendationShape {}

  /**
   * Estimates: tiers by their wire names, dates as ISO-8601 text, and a priced estimate's breakdown
   * written beside its total rather than under a key of its own (nothing when unpriced).
   */
  private static void pricing(SimpleModule m) {
    m.addSerializer(
        Tier.class,
        new StdSerializer<>(Tier.class) {
          @Override
          public void serialize(Tier tier, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(tier.wireName());
          }
        });
    m.setMixInAnnotation(Estimate.class, EstimateShape.class);
  }

  private abstract static class EstimateShape {
    @JsonUnwrapped
    abstract CostBreakdown cost();
  }
}
