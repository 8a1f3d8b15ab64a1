package dev.burnrate.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.burnrate.config.ConfigLoader;
import dev.burnrate.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML example in the README under a heading that names a config file ({@code
 * config/rbac.yml}) loads through the same strict loader as a real config directory, so the
 * documentation cannot drift from the format.
 */
class ReadmeConfigExamplesTest {
  private static final Pattern HEADING_FILE = Pattern.compile("^#+ .*`config/([a-z_]+\\.ya?ml)`");

  record Example(String file, int line, String yaml) {}

  static List<Example> examples() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    List<Example> out = new ArrayList<>();
    String file = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("#")) {
        Matcher m = HEADING_FILE.matcher(l);
        file = m.find() ? m.group(1) : null;
      } else if (l.equals("```yaml") && file != null) {
        StringBuilder yaml = new StringBuilder();
        int start = i + 1;
        while (!lines.get(++i).equals("```")) {
          yaml.append(lines.get(i)).append('\n');
        }
        out.add(new Example(file, start + 1, yaml.toString()));
      }
    }
    return out;
  }

  @Test
  void everyConfigExampleInTheReadmeLoads(@TempDir Path root) throws Exception {
    List<Example> examples = examples();
    assertTrue(examples.size() >= 2, "the README shows config examples: " + examples);
    for (Example e : examples) {
      Path dir = Files.createDirectories(root.resolve("example-" + e.line()));
      Files.writeString(dir.resolve(e.file()), e.yaml());
      if (!e.file().equals("rbac.yml")) {
        // limits and budgets are checked against the tools and principals of the shipped RBAC
        Files.copy(Path.of("config/rbac.yml"), dir.resolve("rbac.yml"));
      }
      List<Problem> problems = ConfigLoader.validate(dir);
      assertEquals(List.of(), problems, "README.md:" + e.line() + " (" + e.file() + ")");
    }
  }
}
