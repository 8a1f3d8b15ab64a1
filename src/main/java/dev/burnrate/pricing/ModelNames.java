package dev.burnrate.pricing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves model names as they appear in usage data to catalog keys, and suggests near names for
 * unknown ones. The order is documented on {@link PriceCatalog}; every step looks for an exact
 * (case-insensitive) key, so a more specific key, e.g. a regional Bedrock id with its premium,
 * always wins over a stripped one.
 */
final class ModelNames {

  private static final Pattern GEO = Pattern.compile("^(us-gov|us|eu|apac|au|jp|ca|global)\\.");
  private static final Pattern VENDOR =
      Pattern.compile(
          "^(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|qwen|openai|google|writer|moonshot"
              + "|minimax|nvidia)\\.");
  private static final List<Pattern> VERSION_SUFFIXES =
      List.of(
          Pattern.compile("-v\\d+(:\\d+)?$"),
          Pattern.compile(":[a-z0-9._-]+$"),
          Pattern.compile("@[a-z0-9._-]+$"),
          Pattern.compile("-\\d{8}$"),
          Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$"),
          Pattern.compile("-latest$"));
  private static final Pattern DOTTED_VERSION = Pattern.compile("(\\d)\\.(\\d)");
  private static final String SEPARATORS = "-.:@_/";

  private final Map<String, String> byLowerName = new HashMap<>();
  private final Map<String, List<String>> byLastSegment = new HashMap<>();
  private final Map<String, String> representativeByCore = new HashMap<>();
  private final Function<String, Object> priceSignature;

  /**
   * @param priceSignature a value equal for two keys exactly when they cost the same; lets a bare
   *     name served by several hosts resolve only when they agree on the price
   */
  ModelNames(Collection<String> names, Function<String, Object> priceSignature) {
    this.priceSignature = priceSignature;
    Comparator<String> preferred = Comparator.comparingInt(String::length).thenComparing(s -> s);
    for (String name : names) {
      String lower = lower(name);
      byLowerName.merge(lower, name, (a, b) -> preferred.compare(a, b) <= 0 ? a : b);
      int slash = lower.lastIndexOf('/');
      if (slash >= 0) {
        byLastSegment.computeIfAbsent(lower.substring(slash + 1), k -> new ArrayList<>()).add(name);
      }
      representativeByCore.merge(core(lower), name, (a, b) -> preferred.compare(a, b) <= 0 ? a : b);
    }
    byLastSegment.values().forEach(list -> list.sort(preferred));
  }

  Optional<String> resolve(String model) {
    String query = lower(model);
    if (query.isEmpty()) {
      return Optional.empty();
    }
    List<String> candidates = candidates(query);
    for (String candidate : candidates) {
      String key = byLowerName.get(candidate);
      if (key != null) {
        return Optional.of(key);
      }
    }
    for (String candidate : candidates) {
      List<String> hosted = byLastSegment.get(candidate);
      if (hosted != null && hosted.stream().map(priceSignature).distinct().count() == 1) {
        return Optional.of(hosted.get(0));
      }
    }
    for (String candidate : candidates) {
      Optional<String> prefix = longestKnownPrefix(candidate);
      if (prefix.isPresent()) {
        return prefix;
      }
    }
    return Optional.empty();
  }

  /**
   * Known names closest to {@code model}, one per stripped name. Method: semi-global edit distance
   * (the typed name against the best-matching part of the known one, so "sonnet" finds
   * "claude-sonnet-4-6"), weighted ten to one over the difference in length, so a near-exact
   * spelling beats a long name that merely contains it.
   */
  List<String> closest(String model, int n) {
    if (n <= 0) {
      return List.of();
    }
    String query = core(lower(model));
    record Scored(String name, int score) {}
    List<Scored> scored = new ArrayList<>(representativeByCore.size());
    representativeByCore.forEach(
        (core, name) ->
            scored.add(
                new Scored(
                    name,
                    10 * semiGlobalDistance(query, core)
                        + Math.abs(query.length() - core.length()))));
    scored.sort(
        Comparator.comparingInt(Scored::score)
            .thenComparingInt(s -> s.name().length())
            .thenComparing(Scored::name));
    return scored.stream().limit(n).map(Scored::name).toList();
  }

  /** Candidate spellings, most specific first; see the resolution order on PriceCatalog. */
  static List<String> candidates(String query) {
    Set<String> out = new LinkedHashSet<>();
    out.add(query);
    for (int slash = query.indexOf('/'); slash >= 0; slash = query.indexOf('/', slash + 1)) {
      out.add(query.substring(slash + 1));
    }
    for (String name : List.copyOf(out)) {
      String geo = GEO.matcher(name).replaceFirst("");
      out.add(geo);
      out.add(VENDOR.matcher(geo).replaceFirst(""));
    }
    for (String name : List.copyOf(out)) {
      for (String stripped = stripVersion(name); !stripped.equals(name); ) {
        out.add(stripped);
        name = stripped;
        stripped = stripVersion(name);
      }
    }
    for (String name : List.copyOf(out)) {
      out.add(DOTTED_VERSION.matcher(name).replaceAll("$1-$2"));
    }
    out.remove("");
    return List.copyOf(out);
  }

  /** The name with routing prefixes, regions, vendors and version suffixes removed. */
  static String core(String lowerName) {
    String core = lowerName.substring(lowerName.lastIndexOf('/') + 1);
    core = VENDOR.matcher(GEO.matcher(core).replaceFirst("")).replaceFirst("");
    for (String stripped = stripVersion(core);
        !stripped.equals(core);
        stripped = stripVersion(core)) {
      core = stripped;
    }
    return core.isEmpty() ? lowerName : DOTTED_VERSION.matcher(core).replaceAll("$1-$2");
  }

  private static String stripVersion(String name) {
    for (Pattern suffix : VERSION_SUFFIXES) {
      String stripped = suffix.matcher(name).replaceFirst("");
      if (!stripped.equals(name) && !stripped.isEmpty()) {
        return stripped;
      }
    }
    return name;
  }

  /**
   * The longest known name that {@code candidate} extends at a separator, e.g. {@code
   * claude-sonnet-4-6-thinking} to {@code claude-sonnet-4-6}. A continuation starting with a digit
   * is a different version ({@code claude-opus-4-9} is not {@code claude-opus-4}), so it never
   * matches.
   */
  private Optional<String> longestKnownPrefix(String candidate) {
    for (int end = candidate.length() - 1; end > 0; end--) {
      if (SEPARATORS.indexOf(candidate.charAt(end)) < 0
          || end + 1 >= candidate.length()
          || Character.isDigit(candidate.charAt(end + 1))) {
        continue;
      }
      String key = byLowerName.get(candidate.substring(0, end));
      if (key != null) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Edits to turn {@code a} into some substring of {@code b}. */
  static int semiGlobalDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    int best = Integer.MAX_VALUE;
    for (int distance : previous) {
      best = Math.min(best, distance);
    }
    return best;
  }

  static String lower(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }
}
