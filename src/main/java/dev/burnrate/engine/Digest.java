package dev.burnrate.engine;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The answer of {@link CostEngine#digest}: totals, top tools and agents, anomalies (those of the
 * last hour, as {@code detect_anomalies} answers by default, and those over a quarter of the
 * window), recommendations, and the same as chat-ready markdown (cut at the requested length).
 */
public record Digest(
    Instant generatedAt,
    HoursWindow window,
    Totals totals,
    List<BreakdownRow> topTools,
    List<BreakdownRow> topAgents,
    AnomalyReport lastHourAnomalies,
    AnomalyReport anomalies,
    List<Recommendation> recommendations,
    String markdown,
    boolean markdownTruncated,
    DataQuality dataQuality) {
  public Digest {
    topTools = List.copyOf(topTools);
    topAgents = List.copyOf(topAgents);
    recommendations = List.copyOf(recommendations);
  }

  /** One thing to do, about one tool or agent. */
  public record Recommendation(Kind kind, String subject, String message) {
    /** Why the recommendation is made; on the wire in lower case ({@code top_spender}). */
    public enum Kind {
      ANOMALY,
      ERROR_RATE,
      TOP_SPENDER;

      public String wire() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }
}
