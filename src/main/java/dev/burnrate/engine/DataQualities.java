package dev.burnrate.engine;

import dev.burnrate.usage.Dimension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data-quality part every range answer carries: malformed lines of the range's files, events
 * with more cache tokens than input, values grouped as {@code (other)}, and, for a range without
 * events, where the log's events are.
 */
final class DataQualities {
  private static final int MAX_EXAMPLES = 20;

  private DataQualities() {}

  /**
   * Malformed log lines in the files whose day overlaps {@code [from, to)}: their count and the
   * first few, located by file and line; how many events there carry more cache tokens than input
   * tokens; and, per dimension, how many events in the range were grouped as {@code (other)}
   * because the dimension reached its cap on distinct values ({@link EventIndex#MAX_VALUES}); and,
   * when the range counted no events ({@code counted} is 0), where the log's events lie.
   */
  static DataQuality of(EventIndex index, long from, long to, long counted) {
    LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(from, EventIndex.DAY));
    LocalDate last = LocalDate.ofEpochDay(Math.floorDiv(to - 1, EventIndex.DAY));
    List<Segment.Malformed> bad = new ArrayList<>();
    long cacheOverInput = 0;
    for (Entry e : index.entries()) {
      LocalDate day = dayOf(e.seg.source());
      if (day == null || (!day.isBefore(first) && !day.isAfter(last))) {
        bad.addAll(e.seg.malformed());
        cacheOverInput += e.cacheOverInput();
      }
    }
    bad.sort(
        Comparator.comparing(Segment.Malformed::file).thenComparingLong(Segment.Malformed::line));
    List<DataQuality.MalformedLine> examples = new ArrayList<>();
    for (int i = 0; i < bad.size() && i < MAX_EXAMPLES; i++) {
      Segment.Malformed mf = bad.get(i);
      examples.add(new DataQuality.MalformedLine(mf.file(), mf.line(), mf.reason()));
    }
    // Present only when some value was grouped under (other), so ordinary results are unchanged.
    long[] other = index.groupedAsOther(from, to);
    Map<Dimension, Long> capped = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      if (other[d.ordinal()] > 0) {
        capped.put(d, other[d.ordinal()]);
      }
    }
    // input_tokens includes cached tokens; more cached than input means the source counted them
    // apart. Such events are priced with the uncached part floored at 0.
    return new DataQuality(
        bad.size(),
        cacheOverInput,
        examples,
        capped.isEmpty() ? Optional.empty() : Optional.of(capped),
        counted == 0 ? Optional.of(span(index)) : Optional.empty());
  }

  /** The first and last event the log holds, said for a range that has none. */
  static DataQuality.DataSpan span(EventIndex index) {
    if (index.events() == 0) {
      return new DataQuality.DataSpan(
          Optional.empty(),
          Optional.empty(),
          "no events counted in this range, and the log holds none; record usage or ingest an"
              + " audit directory first");
    }
    Instant first = Rows.instant(index.minTs());
    Instant last = Rows.instant(index.maxTs());
    return new DataQuality.DataSpan(
        Optional.of(first),
        Optional.of(last),
        "no events counted in this range; the log's "
            + index.events()
            + " events run from "
            + first
            + " to "
            + last
            + ", so ask for a range within that");
  }

  /** The UTC day of a {@code tool_audit_YYYY-MM-DD.jsonl} file, or null for other names. */
  static LocalDate dayOf(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    if (name.startsWith("tool_audit_") && name.length() >= 21) {
      // By hand, as ISO_LOCAL_DATE reads it (ASCII digits, a real date): every range answer asks
      // this of every file, and the formatter took longer than the rest of the answer's quality
      // check.
      for (int i = 11; i < 21; i++) {
        char c = name.charAt(i);
        boolean ok = i == 15 || i == 18 ? c == '-' : c >= '0' && c <= '9';
        if (!ok) {
          return null;
        }
      }
      try {
        return LocalDate.of(digits(name, 11, 15), digits(name, 16, 18), digits(name, 19, 21));
      } catch (java.time.DateTimeException e) {
        return null;
      }
    }
    return null;
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }
}
