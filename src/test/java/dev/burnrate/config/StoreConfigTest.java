package dev.burnrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {
  @TempDir Path dir;

  @Test
  void absentFileMeansTheJsonlDirectory() throws Exception {
    assertEquals(StoreConfig.JSONL, ConfigLoader.load(dir).store());
  }

  @Test
  void postgresWithEveryKeyLoads() throws Exception {
    write(
        """
        kind: postgres
        url: jdbc:postgresql://db.internal:5432/burnrate
        user: burnrate_app
        password_env: BURNRATE_PG_PASSWORD
        pool_size: 8
        schema: spend
        preflight_fail_open: true
        """);
    assertEquals(
        new StoreConfig.Postgres(
            "jdbc:postgresql://db.internal:5432/burnrate",
            "burnrate_app",
            "BURNRATE_PG_PASSWORD",
            8,
            "spend",
            true),
        ConfigLoader.load(dir).store());
  }

  @Test
  void postgresDefaultsPoolSizeAndSchema() throws Exception {
    write("kind: postgres\nurl: jdbc:postgresql://localhost/burnrate\nuser: burnrate\n");
    assertEquals(
        new StoreConfig.Postgres(
            "jdbc:postgresql://localhost/burnrate", "burnrate", null, 4, "burnrate", false),
        ConfigLoader.load(dir).store());
  }

  @Test
  void aLiteralPasswordIsAProblemThatNamesPasswordEnv() throws Exception {
    write(
        """
        kind: postgres
        url: jdbc:postgresql://localhost/burnrate
        user: burnrate
        password: hunter2
        """);
    assertEquals(
        List.of(
            "store.yml:4:11 password: a password does not belong in a config file; put it in"
                + " an environment variable and name that variable here, e.g. password_env: BURNRATE_PG_PASSWORD"),
        problems());
  }

  @Test
  void aPasswordInsideTheUrlIsAProblem() throws Exception {
    write(
        "kind: postgres\nurl: jdbc:postgresql://localhost/burnrate?user=x&password=y\nuser: burnrate\n");
    assertEquals(
        List.of(
            "store.yml:2:6 url: the URL carries a password; remove it and name an environment"
                + " variable with password_env"),
        problems());
  }

  @Test
  void unknownKindMissingKeysAndBadValuesAreAllReportedWithTheirPlace() throws Exception {
    write(
        """
        kind: postgres
        urll: jdbc:postgresql://localhost/burnrate
        pool_size: 0
        schema: Spend-Data
        password_env: not a name
        """);
    assertEquals(
        List.of(
            "store.yml:1:1 url: is missing; this key is required",
            "store.yml:1:1 user: is missing; this key is required",
            "store.yml:2:1 urll: unknown key 'urll' (did you mean 'url'?); expected one of kind, url, user,"
                + " password_env, pool_size, schema, preflight_fail_open, password",
            "store.yml:3:12 pool_size: 0 is out of range; use 1 to 100",
            "store.yml:4:9 schema: 'Spend-Data' is not a plain schema name; use lower-case letters, digits"
                + " and _ (e.g. burnrate)",
            "store.yml:5:15 password_env: 'not a name' is not an environment variable name; write e.g."
                + " BURNRATE_PG_PASSWORD"),
        problems());
  }

  @Test
  void postgresKeysUnderJsonlAreProblems() throws Exception {
    write("kind: jsonl\nschema: burnrate\n");
    assertEquals(
        List.of(
            "store.yml:2:9 schema: applies only to kind: postgres; remove it or set kind: postgres"),
        problems());
  }

  @Test
  void aKindThatIsNeitherIsAProblem() throws Exception {
    write("kind: mysql\n");
    assertEquals(
        List.of("store.yml:1:7 kind: 'mysql' is not a store kind; use jsonl or postgres"),
        problems());
  }

  private void write(String text) throws IOException {
    Files.writeString(dir.resolve("store.yml"), text);
  }

  private List<String> problems() {
    return ConfigLoader.validate(dir).stream().map(Problem::toString).toList();
  }
}
