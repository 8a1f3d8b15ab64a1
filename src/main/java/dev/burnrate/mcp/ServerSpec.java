package dev.burnrate.mcp;

import dev.burnrate.config.Limits;
import dev.burnrate.config.Rbac;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Everything a server needs: its identity, the tools in registration order (which is also the
 * {@code tools/list} order), who it runs for, the rules and limits it enforces, where audit events
 * go, and the clock for timestamps and rate limits. {@code userId} and {@code workspaceId} fill
 * those fields of the audit events.
 */
public record ServerSpec(
    String name,
    String version,
    String instructions,
    List<CostTool> tools,
    Rbac rbac,
    Principal principal,
    Limits limits,
    AuditSink audit,
    Clock clock,
    String userId,
    String workspaceId,
    Duration requestTimeout,
    Duration progressAfter,
    BooleanSupplier dataReady,
    LongSupplier dataVersion,
    java.util.function.Supplier<java.util.Optional<java.time.Instant>> staleSince) {

  public ServerSpec {
    Objects.requireNonNull(staleSince, "staleSince");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    tools = List.copyOf(tools);
    Objects.requireNonNull(rbac, "rbac");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(workspaceId, "workspaceId");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout " + requestTimeout + " must be positive");
    }
    if (progressAfter.isNegative() || progressAfter.isZero()) {
      throw new IllegalArgumentException("progressAfter " + progressAfter + " must be positive");
    }
    Objects.requireNonNull(dataReady, "dataReady");
    Objects.requireNonNull(dataVersion, "dataVersion");
    Set<String> seen = new HashSet<>();
    for (CostTool t : tools) {
      if (!seen.add(t.name())) {
        throw new IllegalArgumentException("tool '" + t.name() + "' is registered twice");
      }
    }
  }

  /** The same server with another audit sink. */
  public ServerSpec withAudit(AuditSink other) {
    return new ServerSpec(
        name,
        version,
        instructions,
        tools,
        rbac,
        principal,
        limits,
        other,
        clock,
        userId,
        workspaceId,
        requestTimeout,
        progressAfter,
        dataReady,
        dataVersion,
        staleSince);
  }

  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /** Defaults: no tools, no limits beyond {@link Limits#DEFAULTS}, no audit, the UTC clock. */
  public static final class Builder {
    private final String name;
    private final String version;
    private String instructions;
    private List<CostTool> tools = List.of();
    private Rbac rbac;
    private Principal principal;
    private Limits limits = Limits.DEFAULTS;
    private AuditSink audit = AuditSink.NONE;
    private Clock clock = Clock.systemUTC();
    private String userId = "mcp";
    private String workspaceId = "local";
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration progressAfter = Duration.ofSeconds(1);
    private BooleanSupplier dataReady = () -> true;
    private LongSupplier dataVersion = () -> 0;
    private java.util.function.Supplier<java.util.Optional<java.time.Instant>> staleSince =
        java.util.Optional::empty;

    private Builder(String name, String version) {
      this.name = name;
      this.version = version;
    }

    public Builder instructions(String v) {
      instructions = v;
      return this;
    }

    public Builder tools(List<CostTool> v) {
      tools = v;
      return this;
    }

    /** The rules and who the server runs for, as resolved by {@link Principals#resolve}. */
    public Builder rbac(Rbac v, Principal p) {
      rbac = v;
      principal = p;
      return this;
    }

    public Builder limits(Limits v) {
      limits = v;
      return this;
    }

    public Builder audit(AuditSink v) {
      audit = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder userId(String v) {
      userId = v;
      return this;
    }

    public Builder workspaceId(String v) {
      workspaceId = v;
      return this;
    }

    /** How long the server waits for the client to answer a server-to-client request. */
    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    /** How long a call runs before it reports progress, and then how often. */
    public Builder progressAfter(Duration v) {
      progressAfter = v;
      return this;
    }

    /**
     * Whether the usage history is loaded, and a number that changes whenever new usage arrives.
     */
    public Builder data(BooleanSupplier ready, LongSupplier version) {
      dataReady = ready;
      dataVersion = version;
      return this;
    }

    /**
     * While the shared store cannot be read, the time answers are as of; every answer then says so
     * ({@code stale_since}).
     */
    public Builder staleSince(
        java.util.function.Supplier<java.util.Optional<java.time.Instant>> since) {
      staleSince = since;
      return this;
    }

    public ServerSpec build() {
      return new ServerSpec(
          name,
          version,
          instructions,
          tools,
          rbac,
          principal,
          limits,
          audit,
          clock,
          userId,
          workspaceId,
          requestTimeout,
          progressAfter,
          dataReady,
          dataVersion,
          staleSince);
    }
  }
}
