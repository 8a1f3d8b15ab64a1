package dev.burnrate.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's schema validator, built on first use: its schema library is a few hundred classes that
 * {@code initialize} does not need, and loading them up front delays the handshake. The stdio
 * server {@link #preload() preloads} it once the client confirms the handshake, before reading the
 * client's first request.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
  private volatile JsonSchemaValidator delegate;

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    return delegate().validate(schema, structuredContent);
  }

  /** Builds the validator now, if it is not built yet. */
  void preload() {
    delegate();
  }

  private JsonSchemaValidator delegate() {
    JsonSchemaValidator d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = new DefaultJsonSchemaValidator(Json.MAPPER);
          delegate = d;
        }
      }
    }
    return d;
  }
}
