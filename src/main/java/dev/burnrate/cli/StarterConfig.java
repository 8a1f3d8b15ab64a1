package dev.burnrate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The example config the build bundles from the repository's {@code config/}: what {@code burnrate
 * init} writes out, and the built-in defaults when no config directory is found.
 */
final class StarterConfig {
  /** The bundled files, as {@code config/} holds them. */
  static final List<String> FILES =
      List.of("budget.yaml", "cost_weights.yml", "limits.yml", "pricing.yml", "rbac.yml");

  private static final String RESOURCE = "/dev/burnrate/starter-config/";

  private StarterConfig() {}

  static byte[] bytes(String file) throws IOException {
    try (InputStream in = StarterConfig.class.getResourceAsStream(RESOURCE + file)) {
      if (in == null) {
        throw new IOException("the build did not bundle " + RESOURCE + file);
      }
      return in.readAllBytes();
    }
  }

  /**
   * The bundled directory as a path the config loader can read (inside the jar when run from it).
   */
  static Path directory() {
    URL url = StarterConfig.class.getResource(RESOURCE + FILES.get(0));
    if (url == null) {
      throw new IllegalStateException("the build did not bundle " + RESOURCE);
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return fs.getPath(RESOURCE);
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(url + " is not a valid URI", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the bundled config in " + url, e);
    }
  }
}
