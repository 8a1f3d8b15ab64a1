package dev.burnrate.usage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** File names made from names callers chose: short, safe, and one per name. */
public final class FileNames {
  /**
   * Longest name kept as it is; longer or unusual names get a prefix of this length plus a hash.
   */
  static final int MAX_PLAIN = 64;

  static final int PREFIX = 60;
  static final int HASH_HEX = 16;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_PLAIN + "}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.-]{1," + MAX_PLAIN + "}");

  private FileNames() {}

  /**
   * The file-name form of an agent, team or target name: bounded (at most 129 ASCII characters) and
   * injective, so two distinct names never share a file.
   *
   * <p>Design note: three disjoint shapes. A <em>plain</em> name, 1 to 64 of {@code [A-Za-z0-9_-]},
   * is its own file name ({@code media-1}). A <em>versioned target</em> {@code agent:version} with
   * a plain agent and a version of {@code [A-Za-z0-9.-]} holding a '.' becomes {@code
   * agent_version} ({@code release-2:1.4.0} -> {@code release-2_1.4.0}); it contains a '.', which
   * no plain name does, and it decodes uniquely because the version has no '_'. Everything else is
   * <em>escaped</em>: up to 60 characters with each one outside {@code [A-Za-z0-9._-]} (and a
   * leading '.') replaced by '_', then '~' and the first 16 hex digits of the SHA-256 of the exact
   * name ({@code .hidden} -> {@code _hidden~} and 16 hex digits); only escaped names contain '~'.
   * Case is kept, so on a case-insensitive file system {@code A} and {@code a} still share a file.
   */
  public static String of(String name) {
    if (PLAIN.matcher(name).matches()) {
      return name;
    }
    int colon = name.indexOf(':');
    if (colon > 0) {
      String agent = name.substring(0, colon);
      String version = name.substring(colon + 1);
      if (PLAIN.matcher(agent).matches()
          && VERSION.matcher(version).matches()
          && version.indexOf('.') >= 0) {
        return agent + "_" + version;
      }
    }
    StringBuilder prefix = new StringBuilder();
    name.codePoints()
        .limit(PREFIX)
        .forEach(
            c -> {
              boolean keep =
                  (c >= 'a' && c <= 'z')
                      || (c >= 'A' && c <= 'Z')
                      || (c >= '0' && c <= '9')
                      || c == '_'
                      || c == '-'
                      || (c == '.' && prefix.length() > 0);
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
