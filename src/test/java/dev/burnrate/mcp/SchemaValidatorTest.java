package dev.burnrate.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tools' schema checks answer as the SDK's validator does, without its per-call costs and
 * without its cache's confusion of two schemas that share a hash code.
 */
class SchemaValidatorTest {
  static final Map<String, Object> SCHEMA =
      Map.of(
          "type", "object",
          "properties", Map.of("n", Map.of("type", "integer", "minimum", 0)),
          "required", List.of("n"));

  @Test
  void answersAsTheSdkValidatorDoes() {
    LazySchemaValidator ours = new LazySchemaValidator();
    DefaultJsonSchemaValidator sdk = new DefaultJsonSchemaValidator(Json.MAPPER);
    for (Object content :
        List.of(Map.of("n", 3), Map.of("n", -1), Map.of(), Map.of("n", "x"), "{\"n\":2}")) {
      ValidationResponse a = ours.validate(SCHEMA, content);
      ValidationResponse b = sdk.validate(SCHEMA, content);
      assertEquals(b.valid(), a.valid(), "" + content);
      assertEquals(b.errorMessage(), a.errorMessage(), "" + content);
      assertEquals(b.jsonStructuredOutput(), a.jsonStructuredOutput(), "" + content);
    }
  }

  @Test
  void twoSchemasWithOneHashCodeAreNotConfused() {
    // "Aa" and "BB" have the same hash code, so these schema maps do too.
    Map<String, Object> needsAa = Map.of("type", "object", "required", List.of("Aa"));
    Map<String, Object> needsBb = Map.of("type", "object", "required", List.of("BB"));
    assertEquals(needsAa.hashCode(), needsBb.hashCode());
    LazySchemaValidator v = new LazySchemaValidator();
    assertTrue(v.validate(needsAa, Map.of("Aa", 1)).valid());
    assertFalse(v.validate(needsBb, Map.of("Aa", 1)).valid(), "BB is missing");
  }

  @Test
  void onlyTheObjectCheckedOnThisThreadPassesUnlookedAtAndOnlyOnce() throws Exception {
    LazySchemaValidator v = new LazySchemaValidator();
    Map<String, Object> bad = new java.util.HashMap<>(Map.of("n", -5));
    v.checked(bad);
    Map<String, Object> equalButOther = new java.util.HashMap<>(bad);
    assertFalse(v.validate(SCHEMA, equalButOther).valid(), "another object is checked in full");
    ValidationResponse[] elsewhere = new ValidationResponse[1];
    Thread t = new Thread(() -> elsewhere[0] = v.validate(SCHEMA, bad));
    t.start();
    t.join();
    assertFalse(elsewhere[0].valid(), "the mark is this thread's");
    assertTrue(v.validate(SCHEMA, bad).valid(), "the marked object, on its thread");
    assertFalse(v.validate(SCHEMA, bad).valid(), "once: the mark is spent");
  }
}
