package dev.burnrate.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.burnrate.downgrade.Recommendation;
import dev.burnrate.pricing.CostBreakdown;
import dev.burnrate.pricing.Estimate;
import dev.burnrate.pricing.Tier;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    downgrade(m);
    pricing(m);
    return m;
  }

  /**
   * Downgrade advice: instants as ISO-8601 text ({@code 2026-02-21T00:00:00Z}); a recommendation's
   * volumes are for its draft, not its answer.
   */
  private static void downgrade(SimpleModule m) {
    m.addSerializer(Instant.class, ToStringSerializer.instance);
    m.setMixInAnnotation(Recommendation.class, RecommendationShape.class);
  }

  @JsonIgnoreProperties({"volumes"})
  private abstract static class RecommendationShape {}

  /**
   * Estimates: tiers by their wire names, dates as ISO-8601 text, and a priced estimate's breakdown
   * written beside its total rather than under a key of its own (nothing when unpriced).
   */
  private static void pricing(SimpleModule m) {
    m.addSerializer(Tier.class, new StdSerializer<>(Tier.class) {
      @Override
      public void serialize(Tier tier, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(tier.wireName());
      }
    });
    m.addSerializer(LocalDate.class, ToStringSerializer.instance);
    m.setMixInAnnotation(Estimate.class, EstimateShape.class);
  }

  private abstract static class EstimateShape {
    @JsonUnwrapped
    abstract CostBreakdown cost();
  }
}
