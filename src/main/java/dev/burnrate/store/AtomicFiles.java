package dev.burnrate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes that readers (other processes included) never see half done. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code text} to a temporary file beside {@code file}, then moves it into place. The file
   * is readable by its owner only (the temporary file is created 0600), and so are the directories
   * this creates, where the file system has POSIX permissions.
   */
  public static void write(Path file, String text) throws IOException {
    if (!Files.isDirectory(file.getParent())) {
      try {
        Files.createDirectories(file.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(file.getParent());
      }
    }
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * A file-name-safe form of an agent or target name: letters, digits, '.', '_' and '-' are kept,
   * anything else becomes '_', and a leading '.' becomes '_'.
   */
  public static String safeName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }
}
