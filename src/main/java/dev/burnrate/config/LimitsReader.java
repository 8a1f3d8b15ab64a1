package dev.burnrate.config;

import dev.burnrate.usage.EventWindow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code limits.yml}: {@code defaults} and per-tool {@code tools}, and {@code events} (how far back
 * and ahead of now a recorded event's {@code ts} may be). Every key is optional; a tool inherits
 * each limit it leaves out from {@code defaults}, which inherits from the built-in ones.
 */
final class LimitsReader {
  private static final List<String> TOP = List.of("defaults", "tools", "events");
  private static final List<String> EVENT_KEYS = List.of("max_age_days", "max_ahead_hours");
  private static final List<String> KEYS =
      List.of("timeout_ms", "max_chars_in", "max_bytes_out", "rate_limit_rpm", "concurrency");
  private static final long DAY_MS = 86_400_000L;

  private LimitsReader() {}

  static Limits read(YamlFile f) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return Limits.DEFAULTS;
    }
    ToolLimits defaults = limits(f, top.get("defaults"), "defaults", ToolLimits.DEFAULTS);
    Map<String, ToolLimits> tools = new LinkedHashMap<>();
    for (var e : f.entries(top.get("tools"), "tools").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("tools", e.getKey());
      tools.put(e.getKey(), limits(f, e.getValue().value(), path, defaults));
    }
    return new Limits(defaults, tools, events(f, top.get("events")));
  }

  private static EventWindow events(YamlFile f, Node node) {
    var m = f.fields(node, "events", EVENT_KEYS).orElse(null);
    EventWindow d = EventWindow.DEFAULT;
    if (m == null) {
      return d;
    }
    long days = get(f, m, "max_age_days", 0, 36_500, d.maxAge().toDays());
    long hours = get(f, m, "max_ahead_hours", 0, 365 * 24, d.maxAhead().toHours());
    return new EventWindow(Duration.ofDays(days), Duration.ofHours(hours));
  }

  private static ToolLimits limits(YamlFile f, Node node, String path, ToolLimits inherited) {
    var m = f.fields(node, path, KEYS).orElse(null);
    if (m == null) {
      return inherited;
    }
    long timeout = get(f, m, "timeout_ms", 1, DAY_MS, inherited.timeoutMs());
    long charsIn = get(f, m, "max_chars_in", 0, Integer.MAX_VALUE, inherited.maxCharsIn());
    long bytesOut = get(f, m, "max_bytes_out", 0, Long.MAX_VALUE, inherited.maxBytesOut());
    long rpm = get(f, m, "rate_limit_rpm", 0, Integer.MAX_VALUE, inherited.rateLimitRpm());
    long concurrency = get(f, m, "concurrency", 1, 10_000, inherited.concurrency());
    return new ToolLimits(timeout, (int) charsIn, bytesOut, (int) rpm, (int) concurrency);
  }

  private static long get(
      YamlFile f, YamlFile.Fields m, String key, long min, long max, long inherited) {
    Node n = m.get(key);
    return n == null ? inherited : f.whole(n, m.path(key), min, max).orElse(inherited);
  }
}
