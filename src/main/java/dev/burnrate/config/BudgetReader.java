package dev.burnrate.config;

import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertThreshold;
import dev.burnrate.budget.Budget;
import dev.burnrate.budget.CostSource;
import dev.burnrate.budget.Notifications;
import dev.burnrate.budget.TeamBudget;
import dev.burnrate.budget.Webhook;
import dev.burnrate.downgrade.Downgrade;
import dev.burnrate.downgrade.DowngradeRule;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code budget.yaml}. The original keys ({@code monthly_ceiling_usd}, {@code alerts}, {@code
 * downgrade_recommendations}) keep their meaning; {@code timezone}, {@code daily_cap_usd}, {@code
 * teams}, {@code notifications} and {@code cost_sources} are optional additions.
 */
final class BudgetReader {
  private static final List<String> TOP =
      List.of(
          "timezone",
          "monthly_ceiling_usd",
          "daily_cap_usd",
          "teams",
          "alerts",
          "downgrade_recommendations",
          "notifications",
          "cost_sources",
          // read by ReservationsReader
          "reservations",
          "run_ceiling_usd",
          "rolling_caps_usd",
          CostExplorerReader.KEY);
  private static final List<String> CEILING = List.of("total", "per_agent");
  private static final List<String> ALERT = List.of("at_percent", "action");
  private static final List<String> DOWNGRADE = List.of("enable", "models");
  private static final List<String> RULE = List.of("from", "to", "when");

  /**
   * Downgrade rules in one file. Loading compiles each rule with CEL (tens of milliseconds for the
   * deepest), so the count is bounded to keep validate-config fast whatever the file holds.
   */
  static final int MAX_RULES = 100;

  private static final List<String> TEAM = List.of("ceiling_usd", "agents");
  private static final List<String> NOTIFY = List.of("webhooks", "retries", "backoff_ms");
  private static final List<String> WEBHOOK = List.of("url", "name");

  private BudgetReader() {}

  static Budget read(YamlFile f) {
    return read(f, true);
  }

  static Budget read(YamlFile f, boolean evaluateRules) {
    var top = f.fields(f.root(), "", TOP).orElse(null);
    if (top == null) {
      return Budget.EMPTY;
    }
    ZoneId zone = Budget.EMPTY.timezone();
    Node tz = top.get("timezone");
    if (tz != null) {
      zone = f.text(tz, "timezone").flatMap(id -> zone(f, tz, id)).orElse(zone);
    }

    Optional<BigDecimal> total = Optional.empty();
    Map<String, BigDecimal> perAgent = Map.of();
    var ceiling = f.fields(top.get("monthly_ceiling_usd"), "monthly_ceiling_usd", CEILING);
    if (ceiling.isPresent()) {
      Node t = ceiling.get().get("total");
      if (t != null) {
        total = f.positive(t, ceiling.get().path("total"));
      }
      perAgent = amounts(f, ceiling.get().get("per_agent"), ceiling.get().path("per_agent"));
    }
    Map<String, BigDecimal> daily = amounts(f, top.get("daily_cap_usd"), "daily_cap_usd");

    return new Budget(
        zone,
        total,
        perAgent,
        alerts(f, top.get("alerts")),
        daily,
        teams(f, top.get("teams")),
        downgrade(f, top.get("downgrade_recommendations"), evaluateRules),
        notifications(f, top.get("notifications")),
        costSources(f, top.get("cost_sources")));
  }

  private static Optional<ZoneId> zone(YamlFile f, Node at, String id) {
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      f.problem(
          at,
          "timezone",
          YamlFile.quote(id)
              + " is not an IANA time zone id; use one such as UTC or Europe/Berlin");
      return Optional.empty();
    }
  }

  /** Agent -> USD above 0, such as {@code per_agent} and {@code daily_cap_usd}. */
  private static Map<String, BigDecimal> amounts(YamlFile f, Node node, String path) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (var e : f.entries(node, path).orElse(Map.of()).entrySet()) {
      f.positive(e.getValue().value(), YamlFile.child(path, e.getKey()))
          .ifPresent(usd -> out.put(e.getKey(), usd));
    }
    return out;
  }

  private static List<AlertThreshold> alerts(YamlFile f, Node node) {
    List<AlertThreshold> out = new ArrayList<>();
    Map<BigDecimal, String> seen = new HashMap<>();
    List<Node> items = f.sequence(node, "alerts").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index("alerts", i);
      var a = f.fields(items.get(i), path, ALERT).orElse(null);
      if (a == null) {
        continue;
      }
      Optional<BigDecimal> at =
          a.require("at_percent").flatMap(n -> percent(f, n, a.path("at_percent")));
      Optional<AlertAction> action =
          a.require("action").flatMap(n -> action(f, n, a.path("action")));
      if (at.isPresent()) {
        // BigDecimal keys compare by scale too; 95 and 95.0 are the same threshold.
        BigDecimal key = at.get().stripTrailingZeros();
        String first = seen.putIfAbsent(key, path);
        if (first != null) {
          f.problem(
              a.get("at_percent"),
              a.path("at_percent"),
              at.get().toPlainString()
                  + " is already used by "
                  + first
                  + "; each alert needs its own percentage");
          continue;
        }
      }
      if (at.isPresent() && action.isPresent()) {
        out.add(new AlertThreshold(at.get(), action.get()));
      }
    }
    return out;
  }

  private static Optional<BigDecimal> percent(YamlFile f, Node n, String path) {
    return f.decimal(n, path)
        .filter(
            p -> {
              if (p.signum() > 0 && p.compareTo(AlertThreshold.MAX_PERCENT) <= 0) {
                return true;
              }
              f.problem(
                  n, path, p.toPlainString() + " is out of range; use more than 0, up to 1000");
              return false;
            });
  }

  private static Optional<AlertAction> action(YamlFile f, Node n, String path) {
    return f.text(n, path)
        .flatMap(
            name -> {
              Optional<AlertAction> a = AlertAction.fromWireName(name);
              if (a.isEmpty()) {
                f.problem(
                    n, path, YamlFile.quote(name) + " is not one of " + AlertAction.wireNames());
              }
              return a;
            });
  }

  private static Map<String, TeamBudget> teams(YamlFile f, Node node) {
    Map<String, TeamBudget> out = new LinkedHashMap<>();
    for (var e : f.entries(node, "teams").orElse(Map.of()).entrySet()) {
      String path = YamlFile.child("teams", e.getKey());
      var t = f.fields(e.getValue().value(), path, TEAM).orElse(null);
      if (t == null) {
        continue;
      }
      Optional<BigDecimal> ceiling =
          t.require("ceiling_usd").flatMap(n -> f.positive(n, t.path("ceiling_usd")));
      List<String> agents = new ArrayList<>();
      List<Node> items = f.sequence(t.get("agents"), t.path("agents")).orElse(List.of());
      for (int i = 0; i < items.size(); i++) {
        String itemPath = YamlFile.index(t.path("agents"), i);
        Node item = items.get(i);
        f.text(item, itemPath)
            .ifPresent(
                agent -> {
                  if (agents.contains(agent)) {
                    f.problem(
                        item, itemPath, YamlFile.quote(agent) + " is listed twice; remove one");
                  } else {
                    agents.add(agent);
                  }
                });
      }
      ceiling.ifPresent(usd -> out.put(e.getKey(), new TeamBudget(e.getKey(), usd, agents)));
    }
    return out;
  }

  private static Downgrade downgrade(YamlFile f, Node node, boolean evaluateRules) {
    if (node == null) {
      return Downgrade.DISABLED;
    }
    var d = f.fields(node, "downgrade_recommendations", DOWNGRADE).orElse(null);
    if (d == null) {
      return Downgrade.DISABLED;
    }
    // Writing the section at all means the operator wants recommendations unless told otherwise.
    boolean enable = true;
    if (d.has("enable")) {
      enable = f.bool(d.get("enable"), d.path("enable")).orElse(false);
    }
    List<DowngradeRule> rules = new ArrayList<>();
    List<Node> items = f.sequence(d.get("models"), d.path("models")).orElse(List.of());
    if (items.size() > MAX_RULES) {
      f.problem(
          items.get(MAX_RULES),
          YamlFile.index(d.path("models"), MAX_RULES),
          items.size()
              + " downgrade rules, over the limit of "
              + MAX_RULES
              + "; join rules for the same models with 'or'");
      return new Downgrade(enable, List.of());
    }
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index(d.path("models"), i);
      var r = f.fields(items.get(i), path, RULE).orElse(null);
      if (r == null) {
        continue;
      }
      Optional<String> from = r.require("from").flatMap(n -> f.text(n, r.path("from")));
      Optional<String> to = r.require("to").flatMap(n -> f.text(n, r.path("to")));
      Optional<String> when = r.require("when").flatMap(n -> f.text(n, r.path("when")));
      if (from.isPresent() && to.isPresent() && from.get().equals(to.get())) {
        f.problem(
            r.get("to"),
            r.path("to"),
            YamlFile.quote(to.get()) + " is the same model as from; name a cheaper model");
        continue;
      }
      if (when.isPresent()) {
        try {
          if (evaluateRules) {
            dev.burnrate.downgrade.rules.Rule.check(when.get());
          } else {
            dev.burnrate.downgrade.rules.Rule.parse(when.get());
          }
        } catch (dev.burnrate.downgrade.rules.RuleException e) {
          f.problemWithin(
              r.get("when"),
              r.path("when"),
              e.column() - 1,
              "rule rejected, nothing was evaluated: "
                  + e.getMessage()
                  + " (see the rule language in the README)");
          continue;
        }
      }
      if (from.isPresent() && to.isPresent() && when.isPresent()) {
        rules.add(new DowngradeRule(from.get(), to.get(), when.get(), f.location(r.get("when"))));
      }
    }
    return new Downgrade(enable, rules);
  }

  private static Notifications notifications(YamlFile f, Node node) {
    var n = f.fields(node, "notifications", NOTIFY).orElse(null);
    if (n == null) {
      return Notifications.NONE;
    }
    List<Webhook> hooks = new ArrayList<>();
    List<Node> items = f.sequence(n.get("webhooks"), n.path("webhooks")).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index(n.path("webhooks"), i);
      var w = f.fields(items.get(i), path, WEBHOOK).orElse(null);
      if (w == null) {
        continue;
      }
      Optional<URI> url = w.require("url").flatMap(u -> url(f, u, w.path("url")));
      Optional<String> name =
          w.has("name") ? f.text(w.get("name"), w.path("name")) : url.map(URI::getHost);
      if (url.isPresent() && name.isPresent()) {
        hooks.add(new Webhook(name.get(), url.get()));
      }
    }
    long retries = Notifications.NONE.retries();
    if (n.has("retries")) {
      retries = f.whole(n.get("retries"), n.path("retries"), 0, 100).orElse(retries);
    }
    long backoff = Notifications.NONE.backoffMs();
    if (n.has("backoff_ms")) {
      backoff = f.whole(n.get("backoff_ms"), n.path("backoff_ms"), 0, 3_600_000).orElse(backoff);
    }
    return new Notifications(hooks, (int) retries, backoff);
  }

  private static Optional<URI> url(YamlFile f, Node node, String path) {
    return f.text(node, path)
        .flatMap(
            text -> {
              try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                  return Optional.of(uri);
                }
              } catch (URISyntaxException e) {
                // reported below
              }
              f.problem(node, path, YamlFile.quote(text) + " is not an http(s) URL with a host");
              return Optional.empty();
            });
  }

  private static Set<CostSource> costSources(YamlFile f, Node node) {
    if (node == null) {
      return Budget.EMPTY.costSources();
    }
    Set<CostSource> out = new LinkedHashSet<>();
    List<Node> items = f.sequence(node, "cost_sources").orElse(null);
    if (items == null) {
      return Budget.EMPTY.costSources();
    }
    if (items.isEmpty()) {
      f.problem(node, "cost_sources", "is empty; list at least one of " + CostSource.wireNames());
      return Budget.EMPTY.costSources();
    }
    for (int i = 0; i < items.size(); i++) {
      String path = YamlFile.index("cost_sources", i);
      Node item = items.get(i);
      f.text(item, path)
          .ifPresent(
              name -> {
                Optional<CostSource> s = CostSource.fromWireName(name);
                if (s.isEmpty()) {
                  f.problem(
                      item,
                      path,
                      YamlFile.quote(name) + " is not one of " + CostSource.wireNames());
                } else if (!out.add(s.get())) {
                  f.problem(item, path, YamlFile.quote(name) + " is listed twice; remove one");
                }
              });
    }
    return out.isEmpty() ? Budget.EMPTY.costSources() : out;
  }
}
