package dev.burnrate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.burnrate.usage.EventValidator;
import dev.burnrate.usage.UsageEvent;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Without files: index the audit directory (first run builds the index; later runs pick up new lines).",
      "With files or directories of JSONL: validate each line and append the good events to the store"
          + " (the audit directory, or PostgreSQL when store.yml says so, in COPY batches); resent"
          + " req_ids are skipped. Bad lines are listed as file:line: reason (exit 1)."
    })
final class Ingest implements Callable<Integer> {
  private static final int BATCH = 10_000;
  private static final int MAX_LISTED = 50;
  private static final com.fasterxml.jackson.databind.ObjectReader JSON =
      dev.burnrate.wire.Wire.exactReader().forType(Map.class);

  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FILE|DIR",
      arity = "0..*",
      description = "JSONL files or directories to import.")
  List<Path> inputs = new ArrayList<>();

  @picocli.CommandLine.Option(
      names = "--max-age-days",
      paramLabel = "DAYS",
      description =
          "Accept events up to this many days before now (default 400; at most 36500), for backfills.")
  Integer maxAgeDays;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    try (App app = inputs.isEmpty() ? App.open(common) : App.openForWrites(common)) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (inputs.isEmpty()) {
        out.put("indexed", Stores.describe(app.log));
        out.put("seconds", seconds(t0));
        Output.print(System.out, common.format, out);
        return Main.OK;
      }
      dev.burnrate.usage.EventWindow window = dev.burnrate.usage.EventWindow.DEFAULT;
      if (maxAgeDays != null) {
        if (maxAgeDays < 0 || maxAgeDays > 36_500) {
          throw new UsageException("--max-age-days " + maxAgeDays + " must be between 0 and 36500");
        }
        window =
            new dev.burnrate.usage.EventWindow(
                java.time.Duration.ofDays(maxAgeDays), window.maxAhead());
      }
      BatchAppender writes = new BatchAppender(app.log);
      List<String> rejected = new ArrayList<>();
      long rejectedCount = 0;
      try {
        for (Path file : files()) {
          List<UsageEvent> batch = new ArrayList<>();
          long line = 0;
          try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            while ((s = r.readLine()) != null) {
              line++;
              if (s.isBlank()) {
                continue;
              }
              try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(s);
                batch.add(EventValidator.validate(m, app.now, window));
              } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
                rejectedCount++;
                if (rejected.size() < MAX_LISTED) {
                  String why =
                      e instanceof JsonProcessingException jp
                          ? "not valid JSON: " + jp.getOriginalMessage()
                          : e.getMessage();
                  rejected.add(file + ":" + line + ": " + why);
                }
              }
              if (batch.size() >= BATCH) {
                writes.submit(batch);
                batch = new ArrayList<>();
              }
            }
          }
          if (!batch.isEmpty()) {
            writes.submit(batch);
          }
        }
        writes.finish();
      } finally {
        writes.close();
      }
      out.put("accepted", writes.accepted());
      out.put("duplicates", writes.duplicates());
      out.put("rejected", rejectedCount);
      out.put("rejected_lines", rejected);
      if (app.config.store() instanceof dev.burnrate.config.StoreConfig.Postgres p) {
        out.put("store", p.url());
      } else {
        out.put("audit_dir", common.auditDir().toString());
      }
      out.put("seconds", seconds(t0));
      Output.print(System.out, common.format, out);
      return rejectedCount > 0 ? Main.NEGATIVE : Main.OK;
    }
  }

  private List<Path> files() throws java.io.IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new UsageException(
            p + " is not a file or directory; pass JSONL files or directories of them");
      }
    }
    return out;
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }
}
