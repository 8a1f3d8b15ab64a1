package dev.burnrate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes that readers (other processes included) never see half done. */
public final class AtomicFiles {
  /** Temporary files are named after a bounded prefix of the target, so they fit where it fits. */
  private static final int TMP_PREFIX = 40;

  private AtomicFiles() {}

  /**
   * Writes {@code text} to a temporary file beside {@code file}, then moves it into place. The file
   * is readable by its owner only (the temporary file is created 0600), and so are the directories
   * this creates, where the file system has POSIX permissions.
   */
  public static void write(Path file, String text) throws IOException {
    if (!Files.isDirectory(file.getParent())) {
      try {
        Files.createDirectories(
            file.getParent(),
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(file.getParent());
      }
    }
    String name = file.getFileName().toString();
    Path tmp =
        Files.createTempFile(
            file.getParent(), "." + name.substring(0, Math.min(name.length(), TMP_PREFIX)), ".tmp");
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
}
