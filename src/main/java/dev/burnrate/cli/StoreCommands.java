package dev.burnrate.cli;

import dev.burnrate.config.Config;
import dev.burnrate.store.postgres.Database;
import dev.burnrate.store.postgres.PostgresEventLog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code migrate} and {@code export}: setting up a PostgreSQL store and moving history out of it.
 */
final class StoreCommands {
  private StoreCommands() {}

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Create or upgrade burnrate's tables in the PostgreSQL database store.yml names.")
  static final class Migrate implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Config config = App.loadConfig(common.config);
      try (Database db = Stores.database(config, "migrate")) {
        Database.Migration m = db.migrate();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", m.schema());
        out.put("from_version", m.from());
        out.put("to_version", m.to());
        out.put("migrations_applied", m.applied());
        Output.print(System.out, common.format, out);
      }
      return Main.OK;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write every event in the PostgreSQL store to a directory as audit JSONL"
              + " (tool_audit_YYYY-MM-DD.jsonl), exactly as the JSONL store writes them.")
  static final class Export implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        required = true,
        description = "An empty directory (created when missing) to write the audit files to.")
    Path out;

    @Override
    public Integer call() throws Exception {
      long t0 = System.nanoTime();
      Config config = App.loadConfig(common.config);
      try (Database db = Stores.database(config, "export")) {
        db.requireCurrentSchema();
        PostgresEventLog.Exported e = PostgresEventLog.export(db, out);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", e.events());
        m.put("files", e.files());
        m.put("audit_dir", out.toString());
        m.put("seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        Output.print(System.out, common.format, m);
      }
      return Main.OK;
    }
  }
}
