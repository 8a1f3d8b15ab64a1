package dev.burnrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a golden that is missing or different fails; only the switch writes one. */
class GoldenTest {
  @TempDir Path root;

  private Golden.Case oneCase(String tool, String scenario, String request) throws IOException {
    Path dir = Files.createDirectories(root.resolve(tool).resolve(scenario));
    Files.writeString(dir.resolve("request.json"), request);
    List<Golden.Case> cases = new Golden(root, false).cases(tool);
    assertEquals(1, cases.size());
    return cases.get(0);
  }

  @Test
  void aCaseWithARequestButNoResponseFails() throws IOException {
    Golden.Case c = oneCase("report", "new", "{\"args\": [\"report\"]}");
    AssertionError e =
        assertThrows(AssertionError.class, () -> new Golden(root, false).check(c, "{}\n"));
    assertTrue(e.getMessage().contains("response.json is missing"), e.getMessage());
    assertTrue(Files.notExists(c.dir().resolve("response.json")), "a check never writes");
  }

  @Test
  void anAnswerThatDiffersByOneByteFails() throws IOException {
    Golden.Case c = oneCase("report", "old", "{\"args\": [\"report\"]}");
    Files.writeString(c.dir().resolve("response.json"), "{ \"usd\" : 1.50 }\n");
    new Golden(root, false).check(c, "{ \"usd\" : 1.50 }\n");
    assertThrows(
        AssertionError.class, () -> new Golden(root, false).check(c, "{ \"usd\" : 1.5 }\n"));
  }

  @Test
  void onlyTheUpdateSwitchWritesAResponse() throws IOException {
    Golden.Case c =
        oneCase(
            "get_cost_weights", "default", "{\"tool\": \"get_cost_weights\", \"arguments\": {}}");
    new Golden(root, true).check(c, "{ }\n");
    assertEquals("{ }\n", Files.readString(c.dir().resolve("response.json")));
    assertTrue(c.isMcp());
  }

  @Test
  void aResponseWithoutARequestFails() throws IOException {
    Path dir = Files.createDirectories(root.resolve("report").resolve("orphan"));
    Files.writeString(dir.resolve("response.json"), "{}\n");
    AssertionError e = assertThrows(AssertionError.class, () -> new Golden(root, false).cases());
    assertTrue(e.getMessage().contains("no request.json"), e.getMessage());
  }

  @Test
  void aCaseFiledUnderAnotherCommandFails() throws IOException {
    Path dir = Files.createDirectories(root.resolve("top").resolve("misfiled"));
    Files.writeString(dir.resolve("request.json"), "{\"args\": [\"report\"]}");
    AssertionError e = assertThrows(AssertionError.class, () -> new Golden(root, false).cases());
    assertTrue(e.getMessage().contains("move it to report/"), e.getMessage());
  }

  @Test
  void aStrayFileBesideTheCasesFails() throws IOException {
    Files.createDirectories(root.resolve("advice"));
    Files.writeString(root.resolve("advice").resolve("draft.md"), "# draft\n");
    assertThrows(AssertionError.class, () -> new Golden(root, false).cases());
  }

  @Test
  void theRepositorysGoldensAreAllWellFormedCases() {
    List<Golden.Case> all = Golden.FILES.cases();
    for (Golden.Case c : all) {
      assertTrue(c.isCli() != c.isMcp(), c.toString());
      assertTrue(Files.isRegularFile(c.dir().resolve("response.json")), c + " has its response");
    }
  }
}
