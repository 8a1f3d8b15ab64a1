package dev.burnrate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Whole-file writes that readers (other processes included) never see half done. */
public final class AtomicFiles {
  /** Longest name kept as it is; longer or unusual names get a prefix of this length plus a hash. */
  static final int MAX_PLAIN = 64;
  static final int PREFIX = 60;
  static final int HASH_HEX = 16;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_PLAIN + "}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.-]{1," + MAX_PLAIN + "}");
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
        Files.createDirectories(file.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(file.getParent());
      }
    }
    String name = file.getFileName().toString();
    Path tmp = Files.createTempFile(file.getParent(),
        "." + name.substring(0, Math.min(name.length(), TMP_PREFIX)), ".tmp");
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
   * The file-name form of an agent, team or target name: bounded (at most 129 ASCII characters)
   * and injective, so two distinct names never share a file.
   *
   * <p>Design note: three disjoint shapes. A <em>plain</em> name, 1 to 64 of {@code
   * [A-Za-z0-9_-]}, is its own file name ({@code media-1}). A <em>versioned target</em> {@code
   * agent:version} with a plain agent and a version of {@code [A-Za-z0-9.-]} holding a '.' becomes
   * {@code agent_version} ({@code release-2:1.4.0} -> {@code release-2_1.4.0}); it contains a '.',
   * which no plain name does, and it decodes uniquely because the version has no '_'. Everything
   * else is <em>escaped</em>: up to 60 characters with each one outside {@code [A-Za-z0-9._-]} (and
   * a leading '.') replaced by '_', then '~' and the first 16 hex digits of the SHA-256 of the
   * exact name ({@code .hidden} -> {@code _hidden~} and 16 hex digits); only escaped names contain '~'.
   * Case is kept, so on a case-insensitive file system {@code A} and {@code a} still share a file.
   */
  public static String safeName(String name) {
    if (PLAIN.matcher(name).matches()) {
      return name;
    }
    int colon = name.indexOf(':');
    if (colon > 0) {
      String agent = name.substring(0, colon);
      String version = name.substring(colon + 1);
      if (PLAIN.matcher(agent).matches() && VERSION.matcher(version).matches() && version.indexOf('.') >= 0) {
        return agent + "_" + version;
      }
    }
    StringBuilder prefix = new StringBuilder();
    name.codePoints().limit(PREFIX).forEach(c -> {
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || (c == '.' && prefix.length() > 0);
      prefix.append(keep ? (char) c : '_');
    });
    if (prefix.length() == 0) {
      prefix.append('_');
    }
    return prefix + "~" + sha256Hex(name).substring(0, HASH_HEX);
  }

  /** Over the UTF-16 code units, big-endian: unlike UTF-8 this keeps lone surrogates apart. */
  private static String sha256Hex(String s) {
    byte[] units = new byte[s.length() * 2];
    for (int i = 0; i < s.length(); i++) {
      units[2 * i] = (byte) (s.charAt(i) >> 8);
      units[2 * i + 1] = (byte) s.charAt(i);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(units));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
