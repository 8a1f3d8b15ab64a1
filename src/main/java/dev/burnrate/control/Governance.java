package dev.burnrate.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.burnrate.usage.Dimension;
import dev.burnrate.usage.Text;
import dev.burnrate.engine.CostEngine;
import dev.burnrate.engine.SpendSeries;
import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.BudgetStatus;
import dev.burnrate.budget.DeployOverride;
import dev.burnrate.budget.Preflight;
import dev.burnrate.store.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The budget control loop over one data directory: status, the preflight gate with its state
 * file, overrides, freezes, and alerts created exactly once per (scope, threshold, month).
 *
 * <p>Files under {@code <data>}: {@code state/preflight-<target>.json} (the gate's last
 * decision), {@code state/freeze-<YYYY-MM>.json} (a freeze in force), {@code
 * cost/overrides/<agent>.yaml} (written by a human), {@code cost/alerts/<timestamp>-<scope>.json}
 * (one per alert), {@code cost/alerts/sent/<YYYY-MM>/<scope>@<pct>} (the exactly-once markers,
 * created with create-new so concurrent processes cannot both send), {@code
 * cost/alerts/deliveries.jsonl} (every webhook attempt).
 */
public final class Governance {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._-]{1,128}(:[A-Za-z0-9._+-]{1,64})?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Budget budget;
  private final Path data;
  private final Notifier notifier;

  public Governance(Budget budget, Path data, Notifier notifier) {
    this.budget = budget;
    this.data = data;
    this.notifier = notifier;
  }

  public Notifier notifier() {
    return notifier;
  }

  /** Month-to-date status at {@code now}. */
  public BudgetStatus status(CostEngine engine, Instant now) {
    SpendSeries s = engine.spendByDay(Dimension.AGENT, BudgetStatus.seriesStart(budget, now),
        BudgetStatus.seriesDays(budget, now), budget.timezone(), now);
    return BudgetStatus.compute(budget, byAgent(s, BudgetStatus.seriesDays(budget, now)), now);
  }

  private static dev.burnrate.budget.SpendByAgent byAgent(SpendSeries s, int days) {
    return new dev.burnrate.budget.SpendByAgent(s.firstDay(), days, s.names(), s.usdNanos(), s.calls(), s.unpriced());
  }

  /** Checks a target name, which also becomes part of a file name. */
  public static String requireTarget(String target) {
    if (target == null || !TARGET.matcher(target).matches()) {
      throw new IllegalArgumentException("target '" + target + "' is not an agent or agent:version;"
          + " use letters, digits, '.', '_' and '-', e.g. release-2 or release-2:1.4.0");
    }
    return target;
  }

  /** The gate: decides, records the decision atomically, and raises any alert now due. */
  public Map<String, Object> preflight(CostEngine engine, String target, Optional<BigDecimal> estimate,
      Instant now) throws IOException {
    requireTarget(target);
    estimate.ifPresent(e -> {
      if (e.signum() < 0) {
        throw new IllegalArgumentException("estimated_cost_usd " + e.toPlainString() + " is negative;"
            + " pass the deploy's additional cost this month in dollars");
      }
    });
    BudgetStatus status = status(engine, now);
    evaluateAlerts(status);
    String agent = Preflight.agentOf(target);
    List<String> warnings = new ArrayList<>();
    Path overrideFile = data.resolve("cost/overrides").resolve(dev.burnrate.usage.FileNames.of(agent) + ".yaml");
    Optional<DeployOverride> override = readOverride(overrideFile, agent, warnings);
    Map<String, Object> decision = Preflight.decide(status, target, estimate, activeFreeze(status.month()),
        override, data.relativize(overrideFile).toString(), warnings);
    Path state = data.resolve("state").resolve("preflight-" + dev.burnrate.usage.FileNames.of(target) + ".json");
    AtomicFiles.write(state, JSON.writeValueAsString(decision) + "\n");
    return decision;
  }

  /** The freeze in force for {@code month}, as the path of its state file. */
  public Optional<String> activeFreeze(YearMonth month) {
    Path f = freezeFile(month);
    return Files.exists(f) ? Optional.of(data.relativize(f).toString()) : Optional.empty();
  }

  private Path freezeFile(YearMonth month) {
    return data.resolve("state").resolve("freeze-" + month + ".json");
  }

  /**
   * Reads {@code <data>/cost/overrides/<agent>.yaml}. A missing file is no override; a malformed
   * one, or one whose {@code agent} key does not name {@code agent} exactly, is ignored with a
   * warning saying what is wrong. The key is checked because a file name alone can be mistaken:
   * copied from another agent's override, or written for a name whose file name differs from it.
   */
  Optional<DeployOverride> readOverride(Path file, String agent, List<String> warnings) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String where = data.relativize(file).toString();
    Object doc;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      LoaderOptions opts = new LoaderOptions();
      opts.setAllowDuplicateKeys(false);
      doc = new Yaml(new SafeConstructor(opts)).load(text);
    } catch (IOException | RuntimeException e) {
      warnings.add("the override at " + where + " is not readable YAML and was ignored ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
      return Optional.empty();
    }
    if (!(doc instanceof Map<?, ?> m)) {
      warnings.add("the override at " + where + " must be a mapping with agent, reason, approver and"
          + " expires_at; it was ignored");
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    Object named = m.get("agent");
    if (named == null) {
      problems.add("agent is missing; add agent: " + yamlScalar(agent) + " to say which agent it is for");
    } else if (!agent.equals(String.valueOf(named))) {
      problems.add("it is for agent '" + named + "', not '" + agent + "'; if it is meant for this agent,"
          + " set agent: " + yamlScalar(agent));
    }
    String reason = text(m.get("reason"), "reason", problems);
    String approver = text(m.get("approver"), "approver", problems);
    Instant expires = null;
    Object e = m.get("expires_at");
    if (e instanceof java.util.Date d) {
      expires = d.toInstant();
    } else if (e instanceof String s) {
      try {
        expires = java.time.OffsetDateTime.parse(s).toInstant();
      } catch (RuntimeException ex) {
        problems.add("expires_at '" + s + "' is not an ISO-8601 time with a zone");
      }
    } else {
      problems.add("expires_at is missing (an ISO-8601 time with a zone, e.g. 2026-03-31T23:59:59Z)");
    }
    for (Object k : m.keySet()) {
      if (!List.of("agent", "reason", "approver", "expires_at").contains(String.valueOf(k))) {
        problems.add("unknown key '" + k + "'");
      }
    }
    if (!problems.isEmpty()) {
      warnings.add("the override at " + where + " was ignored: " + String.join("; ", problems));
      return Optional.empty();
    }
    return Optional.of(new DeployOverride(agent, reason, approver, expires, where));
  }

  /** {@code name} as a YAML scalar a human can paste: bare when plain, else double-quoted. */
  static String yamlScalar(String name) {
    if (name.matches("[A-Za-z][A-Za-z0-9_-]*") && !name.matches("(?i)true|false|yes|no|on|off|null")) {
      return name;
    }
    try {
      // A JSON string in ASCII is a YAML double-quoted scalar; ASCII, so no raw character in it
      // can be read by YAML as a line break.
      return new ObjectMapper().writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
          .writeValueAsString(name);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a string is always serialisable", e);
    }
  }

  private static String text(Object v, String key, List<String> problems) {
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    problems.add(key + " is missing or empty");
    return null;
  }

  /**
   * Creates the alerts due at this status, each exactly once per (scope, threshold, month) across
   * re-runs and processes; posts notifications and sets the freeze as the actions say. Returns the
   * alerts created by this call.
   */
  public List<Map<String, Object>> evaluateAlerts(BudgetStatus status) throws IOException {
    List<Map<String, Object>> created = new ArrayList<>();
    List<BudgetStatus.Line> lines = new ArrayList<>();
    lines.add(status.total());
    lines.addAll(status.agents());
    lines.addAll(status.teams());
    for (BudgetStatus.Line l : lines) {
      if (l.ceilingUsd() == null) {
        continue;
      }
      for (AlertThreshold t : budget.alerts()) {
        if (l.mtdUsd().multiply(BigDecimal.valueOf(100)).compareTo(t.atPercent().multiply(l.ceilingUsd())) < 0) {
          continue;
        }
        String scope = l.scope().equals("total") ? "total" : l.scope() + "-" + dev.burnrate.usage.FileNames.of(l.name());
        Path marker = data.resolve("cost/alerts/sent").resolve(status.month().toString())
            .resolve(scope + "@" + t.atPercent().toPlainString());
        Files.createDirectories(marker.getParent());
        String id = STAMP.format(status.now()) + "-" + scope + "-" + t.atPercent().toPlainString();
        try {
          Files.writeString(marker, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          continue; // raised before, by this or another process
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", id);
        alert.put("month", status.month().toString());
        alert.put("scope", l.scope());
        alert.put("name", l.name());
        alert.put("threshold_pct", t.atPercent());
        alert.put("action", t.action().wireName());
        alert.put("pct", l.pct().setScale(1, RoundingMode.HALF_EVEN));
        alert.put("mtd_usd", l.mtdUsd().setScale(2, RoundingMode.HALF_EVEN));
        alert.put("ceiling_usd", l.ceilingUsd().setScale(2, RoundingMode.HALF_EVEN));
        alert.put("projected_month_end_usd", l.projectedUsd().setScale(2, RoundingMode.HALF_EVEN));
        alert.put("raised_at", status.now().toString());
        // The text goes to chat webhooks: a name in it must not mention, link or break lines.
        String who = l.scope().equals("total") ? "the fleet" : l.scope() + " " + Text.markdown(l.name());
        String text = "burnrate: " + who + " is at " + alert.get("pct") + " % of its " + status.month()
            + " ceiling ($" + alert.get("mtd_usd") + " of $" + alert.get("ceiling_usd") + "): "
            + t.action().wireName() + ".";
        if (t.action() == AlertAction.FREEZE_AND_ESCALATE) {
          Map<String, Object> freeze = new LinkedHashMap<>(alert);
          freeze.put("lifted_by", "an override in cost/overrides/<agent>.yaml, or the next month");
          AtomicFiles.write(freezeFile(status.month()), JSON.writeValueAsString(freeze) + "\n");
          text = "ESCALATION " + text + " New deploys are frozen until an override or the next month.";
        }
        alert.put("text", text);
        AtomicFiles.write(data.resolve("cost/alerts").resolve(id + ".json"),
            JSON.writeValueAsString(alert) + "\n");
        if (t.action() == AlertAction.NOTIFY || t.action() == AlertAction.FREEZE_AND_ESCALATE) {
          notifier.post(id, alert, text);
        }
        created.add(alert);
      }
    }
    return created;
  }

  /** For messages and the CLI: where the data lives. */
  public Path data() {
    return data;
  }

  /**
   * The daily run for {@code date} (a day in the budget's zone): attributes its spend per agent,
   * writes {@code cost/daily-<date>.json} and {@code cost/current-month.json}, raises the alerts
   * due, and writes downgrade drafts. Re-running a date rewrites the same files with the same
   * content and raises nothing twice.
   */
  public Map<String, Object> daily(CostEngine engine, dev.burnrate.pricing.PriceCatalog catalog,
      java.time.LocalDate date) throws IOException {
    Instant end = date.plusDays(1).atStartOfDay(budget.timezone()).toInstant();
    Instant anchor = end.minusMillis(1); // the last moment of the day: month and "today" are date's
    SpendSeries s = engine.spendByDay(Dimension.AGENT, BudgetStatus.seriesStart(budget, anchor),
        BudgetStatus.seriesDays(budget, anchor), budget.timezone(), end);
    BudgetStatus status = BudgetStatus.compute(budget, byAgent(s, BudgetStatus.seriesDays(budget, anchor)), anchor);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (BudgetStatus.Line l : status.agents()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("agent", l.name());
      r.put("daily_usd", l.todayUsd().setScale(2, RoundingMode.HALF_EVEN));
      r.put("mtd_usd", l.mtdUsd().setScale(2, RoundingMode.HALF_EVEN));
      r.put("projected_monthly_usd", l.projectedUsd().setScale(2, RoundingMode.HALF_EVEN));
      r.put("ceiling_usd", l.ceilingUsd() == null ? null : l.ceilingUsd().setScale(2, RoundingMode.HALF_EVEN));
      r.put("pct", l.pct() == null ? null : l.pct().setScale(1, RoundingMode.HALF_EVEN));
      r.put("level", l.level());
      r.put("unpriced_calls", l.unpricedCalls());
      rows.add(r);
    }
    Path dailyFile = data.resolve("cost").resolve("daily-" + date + ".json");
    AtomicFiles.write(dailyFile, JSON.writeValueAsString(rows) + "\n");
    Map<String, Object> month = status.toMap(null);
    month.put("as_of", end.toString());
    Path monthFile = data.resolve("cost").resolve("current-month.json");
    AtomicFiles.write(monthFile, JSON.writeValueAsString(month) + "\n");
    List<Map<String, Object>> alerts = evaluateAlerts(status);

    dev.burnrate.downgrade.Advisor.Advice advice = dev.burnrate.downgrade.Advisor.advise(engine,
        budget.downgrade(), catalog, new dev.burnrate.downgrade.Advisor.Request(end, 7, null));
    dev.burnrate.control.Drafts.write(data, advice);

    Optional<String> freeze = activeFreeze(status.month());
    Optional<AlertThreshold> veto = budget.alerts().stream()
        .filter(t -> t.action() == AlertAction.VETO_NEW_DEPLOYS).findFirst();
    BudgetStatus.Line total = status.total();
    boolean vetoed = freeze.isPresent() || (veto.isPresent() && total.ceilingUsd() != null
        && total.mtdUsd().multiply(BigDecimal.valueOf(100)).compareTo(veto.get().atPercent().multiply(total.ceilingUsd())) >= 0);
    Map<String, Object> deploys = new LinkedHashMap<>();
    deploys.put("allowed", !vetoed);
    deploys.put("reason", freeze.isPresent() ? "frozen (" + freeze.get() + ")"
        : vetoed ? "the fleet is at or above the " + veto.get().atPercent().toPlainString() + " % veto-new-deploys threshold"
        : "below the veto-new-deploys threshold; each deploy is still checked by preflight");

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("date", date.toString());
    out.put("timezone", budget.timezone().getId());
    out.put("as_of", end.toString());
    out.put("agents", rows);
    out.put("total", month.get("total"));
    out.put("alerts_raised", alerts);
    out.put("new_deploys", deploys);
    out.put("recommendations", advice.toMap().get("recommendations"));
    out.put("files", List.of(data.relativize(dailyFile).toString(), data.relativize(monthFile).toString()));
    return out;
  }
}
