package dev.burnrate.config;

import dev.burnrate.budget.Budget;
import dev.burnrate.usage.CostWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a {@code --config} directory: {@code cost_weights.yml}, {@code budget.yaml}, {@code
 * rbac.yml}, {@code limits.yml}, {@code pricing.yml} and {@code store.yml}, each optional and each
 * accepted with either a {@code .yml} or a {@code .yaml} extension.
 *
 * <p>Loading is strict and complete: unknown keys, duplicate keys, wrong types, values out of range
 * and names that refer to nothing are all problems, every file is read even after one has failed,
 * and all problems are reported together, ordered by file, line and column.
 *
 * <p>Reading is bounded, so a hostile or generated file is a problem, not a hang or a crash: at
 * most 1 MiB per file (checked before reading), 8,192 characters per line, 50 aliases and 10,000
 * aliased values, 50 levels of nesting, and 100 listed problems per file (the rest are counted); a
 * value quoted in a problem is cut to its first characters. See {@link YamlFile} and {@link
 * BoundedComposer} for why each bound is what it is.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** The validated configuration in {@code dir}; throws with every problem found. */
  public static Config load(Path dir) throws ConfigException {
    List<Problem> problems = new ArrayList<>();
    Config config = read(dir, problems, false);
    if (!problems.isEmpty()) {
      throw new ConfigException(sorted(problems));
    }
    return config;
  }

  /** Every problem in {@code dir}, ordered by file, line and column; empty when it is clean. */
  public static List<Problem> validate(Path dir) {
    List<Problem> problems = new ArrayList<>();
    read(dir, problems, true);
    return sorted(problems);
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Problem.BY_POSITION);
    return List.copyOf(out);
  }

  /**
   * @param evaluateRules whether downgrade rules are also compiled by the expression engine (a few
   *     hundred milliseconds of class loading): {@code validate-config} does; a command or server
   *     start relies on the rule parser's bounds, which admit only rules the engine evaluates
   */
  private static Config read(Path dir, List<Problem> problems, boolean evaluateRules) {
    if (!Files.isDirectory(dir)) {
      problems.add(
          new Problem(
              dir.toString(),
              0,
              0,
              "",
              Files.exists(dir)
                  ? "is not a directory; pass the directory that holds the config files"
                  : "config directory does not exist; check the --config path"));
      return null;
    }
    CostWeights weights =
        file(
            dir,
            "cost_weights",
            problems,
            CostWeights.BUILT_IN,
            f -> CostWeightsReader.read(f, dir.resolve(f.name()).toString()));
    BudgetFile budgetFile =
        file(
            dir,
            "budget",
            problems,
            BudgetFile.EMPTY,
            f ->
                new BudgetFile(
                    BudgetReader.read(f, evaluateRules),
                    ReservationsReader.read(f),
                    CostExplorerReader.read(f)));
    Budget budget = budgetFile.budget();
    Rbac rbac = file(dir, "rbac", problems, RbacReader.EMPTY, RbacReader::read);
    Limits limits = file(dir, "limits", problems, Limits.DEFAULTS, LimitsReader::read);
    PricingReader.Pricing prices =
        file(dir, "pricing", problems, PricingReader.Pricing.EMPTY, PricingReader::read);
    StoreConfig store = file(dir, "store", problems, StoreConfig.JSONL, StoreReader::read);
    return new Config(
        weights,
        budget,
        rbac,
        limits,
        prices.overrides(),
        dir,
        budgetFile.reservations(),
        store,
        budgetFile.costExplorer(),
        prices.toolRates());
  }

  /**
   * What {@code budget.yaml} holds: the budget, the reservation settings, and the settings of the
   * AWS bill as a cost source.
   */
  private record BudgetFile(
      Budget budget,
      dev.burnrate.reserve.ReservePolicy reservations,
      java.util.Optional<dev.burnrate.cloud.CostExplorerSettings> costExplorer) {
    static final BudgetFile EMPTY =
        new BudgetFile(
            Budget.EMPTY, dev.burnrate.reserve.ReservePolicy.DEFAULT, java.util.Optional.empty());
  }

  /** Reads {@code base.yml} or {@code base.yaml}, or returns {@code absent} if neither exists. */
  private static <T> T file(
      Path dir, String base, List<Problem> problems, T absent, Function<YamlFile, T> reader) {
    Path yml = dir.resolve(base + ".yml");
    Path yaml = dir.resolve(base + ".yaml");
    boolean hasYml = Files.exists(yml);
    boolean hasYaml = Files.exists(yaml);
    if (hasYml && hasYaml) {
      problems.add(
          new Problem(
              base + ".yaml",
              0,
              0,
              "",
              "both " + base + ".yml and " + base + ".yaml exist; keep one of them"));
      return absent;
    }
    if (!hasYml && !hasYaml) {
      return absent;
    }
    Path path = hasYml ? yml : yaml;
    String name = path.getFileName().toString();
    String text;
    try {
      text = read(path, name, problems);
    } catch (CharacterCodingException e) {
      problems.add(new Problem(name, 0, 0, "", "is not UTF-8 text; save it as UTF-8"));
      return absent;
    } catch (IOException e) {
      problems.add(new Problem(name, 0, 0, "", "cannot be read: " + e));
      return absent;
    }
    if (text == null) {
      return absent;
    }
    YamlFile f = YamlFile.parse(name, text);
    T value;
    try {
      value = reader.apply(f);
    } catch (IllegalArgumentException e) {
      // A record invariant the reader did not check first; still a config problem, not a crash.
      problems.addAll(f.problems());
      problems.add(new Problem(name, 0, 0, "", YamlFile.bounded(e.getMessage())));
      return absent;
    }
    problems.addAll(f.problems());
    return value;
  }

  /**
   * The file's text, or null (with a problem) when it is over {@link YamlFile#MAX_BYTES}: the size
   * is checked before anything is read, and the read stops one byte past the limit in case the file
   * grows meanwhile.
   */
  private static String read(Path path, String name, List<Problem> problems) throws IOException {
    long size = Files.size(path);
    byte[] bytes = new byte[0];
    if (size <= YamlFile.MAX_BYTES) {
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(YamlFile.MAX_BYTES + 1);
      }
      size = Math.max(size, bytes.length);
    }
    if (size > YamlFile.MAX_BYTES) {
      problems.add(
          new Problem(
              name,
              0,
              0,
              "",
              "is "
                  + size
                  + " bytes, over the limit of "
                  + YamlFile.MAX_BYTES
                  + " (1 MiB); nothing in it was read, remove what is not configuration (long"
                  + " comments, generated data) or split it"));
      return null;
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
