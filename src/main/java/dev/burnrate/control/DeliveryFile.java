package dev.burnrate.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.store.GovernanceState.Delivery;
import dev.burnrate.wire.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook delivery log as a file, {@code cost/alerts/deliveries.jsonl}: one JSON line per
 * attempt, appended whole, readable by its owner only where the file system has POSIX permissions.
 */
final class DeliveryFile {
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final Path file;
  private boolean tightened;

  DeliveryFile(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  synchronized void append(Delivery d) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", d.at().toString());
    line.put("alert", d.alertId());
    line.put("webhook", d.webhook());
    line.put("url", d.url());
    line.put("attempt", d.attempt());
    line.put("http_status", d.httpStatus());
    line.put("outcome", d.outcome());
    line.put("error", d.error());
    append(Wire.compact(line) + "\n");
  }

  /**
   * The attempts logged for {@code alertId}, in file order; lines that do not parse are skipped.
   */
  List<Delivery> read(String alertId) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>();
    for (String l : lines) {
      JsonNode n;
      try {
        n = Wire.MAPPER.readTree(l);
      } catch (IOException e) {
        continue;
      }
      if (n == null || !alertId.equals(n.path("alert").asText(null))) {
        continue;
      }
      out.add(
          new Delivery(
              Instant.parse(n.path("ts").asText()),
              alertId,
              n.path("webhook").asText(),
              n.path("url").asText(),
              n.path("attempt").asInt(),
              n.path("http_status").isNumber() ? n.path("http_status").asInt() : null,
              n.path("outcome").asText(),
              n.path("error").isTextual() ? n.path("error").asText() : null));
    }
    return out;
  }

  /** Appends, creating the log and its directories for the owner only where POSIX allows. */
  private void append(String text) throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
      }
    }
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    try (FileChannel ch = open(options)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
    if (!tightened) {
      // A log created by an older version, or under a loose umask, is tightened once.
      try {
        Files.setPosixFilePermissions(file, OWNER_FILE);
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing to tighten
      }
      tightened = true;
    }
  }

  private FileChannel open(Set<OpenOption> options) throws IOException {
    try {
      return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_FILE));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(file, options);
    }
  }
}
