package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the answer can be trusted: malformed log lines in the files of the range (their count and
 * the first few), events with more cache tokens than input tokens, and, per dimension, events
 * grouped as {@code (other)} because it reached its cap on distinct values (present only when some
 * were).
 */
public record DataQuality(
    long malformedLines,
    long cacheTokensExceedInput,
    List<MalformedLine> examples,
    Optional<Map<Dimension, Long>> cappedValues) {
  public DataQuality {
    examples = List.copyOf(examples);
    cappedValues = cappedValues.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
  }

  /** One malformed line, located by file and line number. */
  public record MalformedLine(String file, long line, String reason) {}
}
