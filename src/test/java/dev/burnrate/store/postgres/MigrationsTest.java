package dev.burnrate.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void theSchemaVersionTheServerRequiresIsTheNewestMigrationShipped() throws Exception {
    Pattern v = Pattern.compile("V(\\d+)__.+\\.sql");
    int newest = 0;
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
      for (Path p : s.toList()) {
        Matcher m = v.matcher(p.getFileName().toString());
        if (m.matches()) {
          newest = Math.max(newest, Integer.parseInt(m.group(1)));
        }
      }
    }
    assertEquals(
        newest,
        Database.SCHEMA_VERSION,
        "a new migration must raise Database.SCHEMA_VERSION, or servers would refuse the schema it makes");
  }
}
