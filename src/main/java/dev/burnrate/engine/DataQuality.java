package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the answer can be trusted: malformed log lines in the files of the range (their count and
 * the first few), events with more cache tokens than input tokens, and, per dimension, events
 * grouped as {@code (other)} because it reached its cap on distinct values (present only when some
 * were), and, when the range counted no events, where the data is.
 *
 * @param dataSpan present only when the range counted no events: the first and last event the log
 *     holds, so the caller can ask again for a range that has data
 */
public record DataQuality(
    long malformedLines,
    long cacheTokensExceedInput,
    List<MalformedLine> examples,
    Optional<Map<Dimension, Long>> cappedValues,
    Optional<DataSpan> dataSpan) {
  public DataQuality {
    examples = List.copyOf(examples);
    cappedValues = cappedValues.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
  }

  /**
   * Where the data is, for a range that has none: the first and last event of the whole log (both
   * absent when it holds none) and one sentence saying so.
   */
  public record DataSpan(Optional<Instant> firstEvent, Optional<Instant> lastEvent, String note) {}

  /** One malformed line, located by file and line number. */
  public record MalformedLine(String file, long line, String reason) {}
}
