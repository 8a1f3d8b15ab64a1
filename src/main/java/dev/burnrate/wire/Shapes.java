package dev.burnrate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.burnrate.budget.AlertAction;
import dev.burnrate.budget.AlertLevel;
import dev.burnrate.budget.PreflightDecision;
import dev.burnrate.budget.Scope;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** Wire shapes of the domain types that are not written as plain records. */
final class Shapes {
  private Shapes() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("burnrate-shapes");
    time(m);
    budget(m);
    return m;
  }

  /** Times, dates, months and zones as their ISO text ({@code toString}). */
  private static void time(SimpleModule m) {
    m.addSerializer(Instant.class, ToStringSerializer.instance);
    m.addSerializer(LocalDate.class, ToStringSerializer.instance);
    m.addSerializer(YearMonth.class, ToStringSerializer.instance);
    m.addSerializer(ZoneId.class, ToStringSerializer.instance);
  }

  /**
   * Budget names as written in {@code budget.yaml} ({@code veto-new-deploys}); a preflight decision
   * as one object: target, agent, {@code decision}, then its findings.
   */
  private static void budget(SimpleModule m) {
    m.addSerializer(AlertAction.class, ToStringSerializer.instance);
    m.addSerializer(AlertLevel.class, ToStringSerializer.instance);
    m.addSerializer(Scope.class, ToStringSerializer.instance);
    m.addSerializer(PreflightDecision.Rule.class, ToStringSerializer.instance);
    m.addSerializer(PreflightDecision.class, new DecisionShape());
  }

  private static final class DecisionShape extends StdSerializer<PreflightDecision> {
    private static final long serialVersionUID = 1L;

    DecisionShape() {
      super(PreflightDecision.class);
    }

    @Override
    public void serialize(PreflightDecision d, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject(d);
      gen.writeStringField("target", d.target());
      gen.writeStringField("agent", d.agent());
      gen.writeStringField("decision", d.decision());
      JsonSerializer<Object> findings = provider.findValueSerializer(PreflightDecision.Findings.class)
          .unwrappingSerializer(NameTransformer.NOP);
      findings.serialize(d.findings(), gen, provider);
      gen.writeEndObject();
    }
  }
}
