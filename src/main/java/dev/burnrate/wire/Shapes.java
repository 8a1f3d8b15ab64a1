package dev.burnrate.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.burnrate.downgrade.Recommendation;
import java.time.Instant;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    downgrade(m);
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
}
