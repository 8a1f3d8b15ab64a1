package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallTest {
  private static ToolCall call(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new ToolCall("oncall", m);
  }

  @Test
  void requiredStringNamesTheMissingArgument() {
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call().requiredString("agent"));
    assertEquals("argument 'agent' is required; pass a non-empty string", e.getMessage());
  }

  @Test
  void stringsAreStrippedAndBlankIsRejected() throws Exception {
    assertEquals("a1", call("agent", " a1 ").requiredString("agent"));
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call("agent", "  ").requiredString("agent"));
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }

  @Test
  void anEmptyRequiredStringIsNotToldToLeaveItOut() {
    // A blank required argument was answered "pass a non-empty string or leave it out"; leaving it
    // out fails too.
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call("model", " ").requiredString("model"));
    assertEquals("argument 'model' is empty; pass a non-empty string", e.getMessage());
  }

  @Test
  void optionalStringFallsBackWhenAbsentOrNull() throws Exception {
    assertEquals("x", call().optionalString("a", "x"));
    assertEquals("x", call("a", null).optionalString("a", "x"));
    assertTrue(call().optionalString("a").isEmpty());
  }

  @Test
  void stringOfTheWrongTypeSaysWhatWasSent() {
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call("agent", 5).requiredString("agent"));
    assertEquals("argument 'agent' is 5; pass a string", e.getMessage());
  }

  @Test
  void intAcceptsIntegralNumbersWithinBounds() throws Exception {
    assertEquals(24, call("hours", 24).intArg("hours", 1, 1, 720));
    assertEquals(24, call("hours", 24.0).intArg("hours", 1, 1, 720));
    assertEquals(7, call().intArg("hours", 7, 1, 720));
  }

  @Test
  void intOutOfRangeNamesTheBounds() {
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call("hours", 0).intArg("hours", 1, 1, 720));
    assertEquals(
        "argument 'hours' is 0, out of range; pass an integer from 1 to 720", e.getMessage());
  }

  @Test
  void intRejectsFractionsAndStrings() {
    assertThrows(ToolInputException.class, () -> call("n", 2.5).intArg("n", 1, 1, 9));
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call("n", "3").intArg("n", 1, 1, 9));
    assertEquals("argument 'n' is '3'; pass an integer from 1 to 9", e.getMessage());
  }

  @Test
  void requiredIntFailsWhenAbsent() {
    ToolInputException e =
        assertThrows(ToolInputException.class, () -> call().requiredInt("n", 1, 9));
    assertEquals("argument 'n' is required; pass an integer from 1 to 9", e.getMessage());
  }

  @Test
  void enumListsTheValidValues() throws Exception {
    List<String> groups = List.of("tool", "agent_id", "model");
    assertEquals("model", call("group_by", "model").enumArg("group_by", groups, "tool"));
    assertEquals("tool", call().enumArg("group_by", groups, "tool"));
    ToolInputException e =
        assertThrows(
            ToolInputException.class,
            () -> call("group_by", "colour").enumArg("group_by", groups, "tool"));
    assertEquals(
        "argument 'group_by' is 'colour', not one of tool, agent_id, model; pass one of them",
        e.getMessage());
  }

  @Test
  void enumWithoutFallbackIsRequired() {
    ToolInputException e =
        assertThrows(
            ToolInputException.class, () -> call().enumArg("period", List.of("day", "week"), null));
    assertEquals("argument 'period' is required; pass one of day, week", e.getMessage());
  }

  @Test
  void booleanMustBeAJsonBoolean() throws Exception {
    assertTrue(call("hourly", true).booleanArg("hourly", false));
    assertFalse(call().booleanArg("hourly", false));
    assertThrows(ToolInputException.class, () -> call("hourly", "yes").booleanArg("hourly", false));
  }

  @Test
  void stringListNamesTheBadItem() throws Exception {
    assertEquals(List.of("a", "b"), call("agents", List.of("a", " b")).stringList("agents"));
    assertEquals(List.of(), call().stringList("agents"));
    ToolInputException e =
        assertThrows(
            ToolInputException.class,
            () -> call("agents", Arrays.asList("a", 3)).stringList("agents"));
    assertEquals(
        "argument 'agents' item 1 is 3; every item must be a non-empty string", e.getMessage());
    assertThrows(ToolInputException.class, () -> call("agents", "a").stringList("agents"));
  }
}
