package dev.burnrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed mcp-manifest.json is what the code registers. */
class ManifestDriftTest {
  @Test
  void theCommittedManifestMatchesTheRegisteredTools() throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode committed = m.readTree(Path.of("mcp-manifest.json").toFile());
    JsonNode generated = m.readTree(Output.json(ManifestCmd.manifest()));
    // the version comes from the build; everything else must match
    ((com.fasterxml.jackson.databind.node.ObjectNode) generated)
        .set("version", committed.get("version"));
    assertEquals(
        generated,
        committed,
        "mcp-manifest.json is stale; regenerate it with "
            + "java -jar target/burnrate.jar manifest > mcp-manifest.json");
  }
}
