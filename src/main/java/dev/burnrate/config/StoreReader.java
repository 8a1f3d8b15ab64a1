package dev.burnrate.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code store.yml}: {@code kind: jsonl | postgres}; for postgres {@code url}, {@code user}, {@code
 * password_env}, {@code pool_size} and {@code schema}. A literal {@code password} (as a key or
 * inside the URL) is a problem: secrets are named, never written into config files.
 */
final class StoreReader {
  /** {@code password} is accepted as a key only to say where the password belongs instead. */
  private static final List<String> KEYS =
      List.of(
          "kind",
          "url",
          "user",
          "password_env",
          "pool_size",
          "schema",
          "preflight_fail_open",
          "password");

  private static final List<String> POSTGRES_ONLY =
      List.of("url", "user", "password_env", "pool_size", "schema", "preflight_fail_open");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Unquoted PostgreSQL identifiers only, so the schema never needs quoting anywhere. */
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)[?&]password=|^jdbc:postgresql://[^/?#]*:[^/?#]*@");

  private StoreReader() {}

  static StoreConfig read(YamlFile f) {
    var m = f.fields(f.root(), "", KEYS).orElse(null);
    if (m == null) {
      return StoreConfig.JSONL;
    }
    if (m.has("password")) {
      f.problem(
          m.get("password"),
          m.path("password"),
          "a password does not belong in a config file; put it in an environment variable and"
              + " name that variable here, e.g. password_env: BURNRATE_PG_PASSWORD");
    }
    String kind = "jsonl";
    Node kindNode = m.get("kind");
    if (kindNode != null) {
      kind = f.text(kindNode, m.path("kind")).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
      if (kind != null && !kind.equals("jsonl") && !kind.equals("postgres")) {
        f.problem(
            kindNode, m.path("kind"), "'" + kind + "' is not a store kind; use jsonl or postgres");
        return StoreConfig.JSONL;
      }
    }
    if (kind == null) {
      return StoreConfig.JSONL;
    }
    if (kind.equals("jsonl")) {
      for (String k : POSTGRES_ONLY) {
        if (m.has(k)) {
          f.problem(
              m.get(k),
              m.path(k),
              "applies only to kind: postgres; remove it or set kind: postgres");
        }
      }
      return StoreConfig.JSONL;
    }
    String url = m.require("url").flatMap(n -> f.text(n, m.path("url"))).orElse(null);
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      f.problem(
          m.get("url"),
          m.path("url"),
          "'"
              + url
              + "' is not a PostgreSQL JDBC URL; write e.g. jdbc:postgresql://db.internal:5432/burnrate");
      url = null;
    }
    if (url != null && URL_PASSWORD.matcher(url).find()) {
      f.problem(
          m.get("url"),
          m.path("url"),
          "the URL carries a password; remove it and name an environment variable with password_env");
      url = null;
    }
    String user = m.require("user").flatMap(n -> f.text(n, m.path("user"))).orElse(null);
    String passwordEnv = null;
    if (m.has("password_env")) {
      passwordEnv = f.text(m.get("password_env"), m.path("password_env")).orElse(null);
      if (passwordEnv != null && !ENV_NAME.matcher(passwordEnv).matches()) {
        f.problem(
            m.get("password_env"),
            m.path("password_env"),
            "'"
                + passwordEnv
                + "' is not an environment variable name; write e.g. BURNRATE_PG_PASSWORD");
        passwordEnv = null;
      }
    }
    long poolSize = StoreConfig.Postgres.DEFAULT_POOL_SIZE;
    if (m.has("pool_size")) {
      poolSize = f.whole(m.get("pool_size"), m.path("pool_size"), 1, 100).orElse(poolSize);
    }
    String schema = StoreConfig.Postgres.DEFAULT_SCHEMA;
    if (m.has("schema")) {
      Optional<String> s = f.text(m.get("schema"), m.path("schema"));
      if (s.isPresent() && !SCHEMA.matcher(s.get()).matches()) {
        f.problem(
            m.get("schema"),
            m.path("schema"),
            "'"
                + s.get()
                + "' is not a plain schema name; use lower-case letters, digits and _ (e.g. burnrate)");
      } else if (s.isPresent()) {
        schema = s.get();
      }
    }
    boolean failOpen = false;
    if (m.has("preflight_fail_open")) {
      failOpen = f.bool(m.get("preflight_fail_open"), m.path("preflight_fail_open")).orElse(false);
    }
    if (url == null || user == null) {
      return StoreConfig.JSONL;
    }
    return new StoreConfig.Postgres(url, user, passwordEnv, (int) poolSize, schema, failOpen);
  }
}
