package dev.burnrate.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cloud cost cache as a file, {@code <data>/cloud/cost-explorer.jsonl}.
 *
 * <p>Two kinds of line: a {@code day} line per fetched day (which metric and tag it was fetched
 * with, when, and whether AWS marked it estimated), and a {@code cost} line per (day, agent,
 * service) with its exact USD amount as the decimal string AWS sent. A day without cost lines but
 * with a day line was fetched and cost nothing; a day without a day line was never fetched.
 *
 * <p>The file is rewritten whole through {@link AtomicFiles}: a sync replaces the days it fetched
 * only once every page has arrived, so readers (other processes included) see the old cache or the
 * new one, never a mix, and a failed sync leaves the cache as it was. At the reference size (90
 * days x 50 agents x 30 services = 135,000 lines, about 16 MB) a rewrite takes well under a second,
 * once per sync.
 */
public final class JsonlCloudCostCache implements CloudCostCache {
  /** Where the cache lives inside a data directory. */
  public static final String FILE = "cloud/cost-explorer.jsonl";

  private static final ObjectMapper JSON = dev.burnrate.wire.Wire.MAPPER;

  private final Path file;

  JsonlCloudCostCache(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public Snapshot read() throws IOException {
    Map<LocalDate, Day> days = new TreeMap<>();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode j = JSON.readTree(line);
          String kind = j.path("kind").asText();
          LocalDate day = LocalDate.parse(j.path("day").asText());
          if (kind.equals("day")) {
            days.put(
                day,
                new Day(
                    day,
                    j.path("metric").asText(),
                    j.path("agent_tag").asText(),
                    Instant.parse(j.path("fetched_at").asText()),
                    j.path("estimated").asBoolean()));
          } else if (kind.equals("cost")) {
            rows.add(
                new Row(
                    day,
                    j.path("agent").asText(),
                    j.path("service").asText(),
                    new BigDecimal(j.path("usd").asText())));
          }
        } catch (IOException | DateTimeParseException | NumberFormatException e) {
          throw new IOException(
              file
                  + ":"
                  + n
                  + " is not a cloud-cost line ("
                  + e.getMessage()
                  + "); delete the file and run sync-costs again",
              e);
        }
      }
    } catch (NoSuchFileException e) {
      return Snapshot.EMPTY;
    }
    return new Snapshot(days, rows);
  }

  /** Replaces the days {@code fresh} holds: the whole file rewritten, atomically. */
  @Override
  public void replaceDays(Snapshot fresh) throws IOException {
    write(read().replacedBy(fresh));
  }

  /** The file's size, modification time and identity: any rewrite changes it. */
  @Override
  public Object version() throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + a.fileKey();
    } catch (NoSuchFileException e) {
      return "absent";
    }
  }

  /** Writes {@code snapshot} as the whole cache, atomically. */
  public void write(Snapshot snapshot) throws IOException {
    StringBuilder out =
        new StringBuilder(snapshot.rows().size() * 110 + snapshot.days().size() * 120);
    Map<LocalDate, List<Row>> byDay =
        snapshot.rows().stream()
            .collect(Collectors.groupingBy(Row::day, TreeMap::new, Collectors.toList()));
    for (Day d : snapshot.days().values()) {
      ObjectNode j = JSON.createObjectNode();
      j.put("kind", "day");
      j.put("day", d.day().toString());
      j.put("metric", d.metric());
      j.put("agent_tag", d.agentTag());
      j.put("fetched_at", d.fetchedAt().toString());
      j.put("estimated", d.estimated());
      out.append(JSON.writeValueAsString(j)).append('\n');
      for (Row r : byDay.getOrDefault(d.day(), List.of())) {
        ObjectNode c = JSON.createObjectNode();
        c.put("kind", "cost");
        c.put("day", r.day().toString());
        c.put("agent", r.agent());
        c.put("service", r.service());
        c.put("usd", r.usd().toPlainString());
        out.append(JSON.writeValueAsString(c)).append('\n');
      }
    }
    AtomicFiles.write(file, out.toString());
  }
}
