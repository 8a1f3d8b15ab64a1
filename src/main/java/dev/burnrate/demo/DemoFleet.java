package dev.burnrate.demo;

import java.util.List;

/**
 * The invented fleet behind {@link DemoData}: ten roles of five agents, forty tools with their
 * typical latency and payload sizes, and which tools each role leans on. Kept apart from the
 * generator so the numbers can be read (and argued with) as a table.
 */
final class DemoFleet {
  private DemoFleet() {}

  /**
   * One tool. Durations and sizes are log-normal around the medians with spread {@code sigma};
   * {@code tokensIn == 0} marks a tool that does not call a model.
   */
  record Tool(
      String name,
      String action,
      double durMs,
      double sigma,
      int inSize,
      int outSize,
      int tokensIn,
      int tokensOut) {
    boolean llm() {
      return tokensIn > 0;
    }
  }

  static final List<Tool> TOOLS =
      List.of(
          new Tool("web_search", "search", 800, 0.5, 2_000, 15_000, 0, 0),
          new Tool("web_fetch", "fetch", 1_200, 0.7, 300, 40_000, 0, 0),
          new Tool("llm_chat", "chat", 2_500, 0.6, 4_000, 3_000, 900, 600),
          new Tool("file_read", "read", 15, 0.8, 200, 8_000, 0, 0),
          new Tool("file_write", "write", 25, 0.8, 6_000, 100, 0, 0),
          new Tool("kb_lookup", "lookup", 120, 0.5, 300, 5_000, 0, 0),
          new Tool("code_search", "search", 300, 0.6, 200, 12_000, 0, 0),
          new Tool("observability_tool", "query", 900, 0.6, 500, 20_000, 0, 0),
          new Tool("summarize_text", "summarize", 3_000, 0.5, 12_000, 1_500, 3_000, 350),
          new Tool("cache_get", "get", 10, 0.5, 80, 2_000, 0, 0),
          new Tool("cache_set", "set", 12, 0.5, 2_000, 40, 0, 0),
          new Tool("vector_search", "query", 80, 0.5, 1_500, 6_000, 0, 0),
          new Tool("embed_text", "embed", 150, 0.5, 3_000, 6_000, 0, 0),
          new Tool("sql_query", "query", 400, 0.9, 400, 9_000, 0, 0),
          new Tool("slack_post", "post", 250, 0.4, 800, 200, 0, 0),
          new Tool("github_api", "request", 350, 0.5, 500, 7_000, 0, 0),
          new Tool("pr_reviewer_tool", "review", 20_000, 0.5, 25_000, 4_000, 6_000, 900),
          new Tool("comfy_generate_image", "generate", 8_000, 0.4, 1_200, 900_000, 0, 0),
          new Tool("comfy_generate_video", "generate", 60_000, 0.4, 1_500, 9_000_000, 0, 0),
          new Tool("release_check", "check", 1_500, 0.5, 600, 3_000, 0, 0),
          new Tool("deploy_trigger", "deploy", 4_000, 0.5, 700, 500, 0, 0),
          new Tool("test_runner", "run", 30_000, 0.8, 1_000, 25_000, 0, 0),
          new Tool("translate_text", "translate", 1_800, 0.5, 2_000, 2_200, 500, 550),
          new Tool("email_send", "send", 300, 0.4, 2_500, 100, 0, 0),
          new Tool("jira_ticket", "update", 280, 0.4, 1_000, 600, 0, 0),
          new Tool("calendar_lookup", "lookup", 180, 0.4, 200, 1_500, 0, 0),
          new Tool("crm_lookup", "lookup", 220, 0.5, 200, 4_000, 0, 0),
          new Tool("crm_update", "update", 260, 0.5, 1_500, 200, 0, 0),
          new Tool("pdf_extract", "extract", 1_400, 0.6, 300_000, 20_000, 0, 0),
          new Tool("image_resize", "resize", 600, 0.5, 800_000, 200_000, 0, 0),
          new Tool("audio_transcribe", "transcribe", 9_000, 0.6, 2_000_000, 8_000, 0, 0),
          new Tool("log_search", "search", 700, 0.7, 300, 30_000, 0, 0),
          new Tool("metrics_query", "query", 350, 0.5, 300, 8_000, 0, 0),
          new Tool("incident_page", "page", 500, 0.3, 600, 150, 0, 0),
          new Tool("feature_flag", "toggle", 150, 0.4, 200, 100, 0, 0),
          new Tool("code_generate", "generate", 6_000, 0.6, 8_000, 5_000, 2_500, 1_200),
          new Tool("classify_text", "classify", 900, 0.4, 1_600, 60, 400, 20),
          new Tool("extract_entities", "extract", 1_200, 0.5, 5_000, 700, 1_200, 150),
          new Tool("csv_parse", "parse", 90, 0.7, 50_000, 50_000, 0, 0),
          new Tool("http_request", "request", 450, 0.7, 600, 5_000, 0, 0));

  /** The tool nobody has called before the last hour of the demo month. */
  static final Tool EXPERIMENTAL =
      new Tool("experimental_tool", "invoke", 2_000, 0.6, 1_000, 3_000, 0, 0);

  static final List<String> MODELS =
      List.of(
          "gpt-4o",
          "gpt-4o-mini",
          "claude-sonnet-4-6",
          "claude-haiku-4-5",
          "anthropic.claude-sonnet-4-6",
          "llama-3.1-70b");

  /**
   * A role: its favourite tools (name, weight pairs), its usual model, and the centre of its
   * complexity scores. Support agents run an expensive model on easy questions, which is what the
   * downgrade advice is meant to catch.
   */
  record Role(String name, String model, double complexity, Object... affinity) {}

  static final List<Role> ROLES =
      List.of(
          new Role(
              "coder",
              "claude-sonnet-4-6",
              0.72,
              "code_search",
              6,
              "file_read",
              8,
              "file_write",
              5,
              "code_generate",
              5,
              "llm_chat",
              5,
              "test_runner",
              2,
              "github_api",
              3),
          new Role(
              "reviewer",
              "anthropic.claude-sonnet-4-6",
              0.78,
              "pr_reviewer_tool",
              5,
              "github_api",
              4,
              "code_search",
              4,
              "file_read",
              5,
              "llm_chat",
              3,
              "summarize_text",
              2),
          new Role(
              "ops",
              "gpt-4o-mini",
              0.45,
              "observability_tool",
              8,
              "log_search",
              5,
              "metrics_query",
              5,
              "incident_page",
              1,
              "feature_flag",
              1,
              "slack_post",
              2,
              "http_request",
              2),
          new Role(
              "research",
              "gpt-4o",
              0.68,
              "web_search",
              8,
              "web_fetch",
              6,
              "summarize_text",
              4,
              "llm_chat",
              4,
              "vector_search",
              3,
              "embed_text",
              2,
              "pdf_extract",
              2),
          new Role(
              "media",
              "gpt-4o-mini",
              0.5,
              "comfy_generate_image",
              6,
              "comfy_generate_video",
              3,
              "image_resize",
              3,
              "audio_transcribe",
              1,
              "llm_chat",
              2),
          new Role(
              "support",
              "gpt-4o",
              0.27,
              "kb_lookup",
              8,
              "llm_chat",
              6,
              "classify_text",
              4,
              "crm_lookup",
              3,
              "translate_text",
              2,
              "email_send",
              2,
              "jira_ticket",
              2),
          new Role(
              "sales",
              "claude-haiku-4-5",
              0.45,
              "crm_lookup",
              6,
              "crm_update",
              3,
              "web_search",
              4,
              "email_send",
              3,
              "calendar_lookup",
              2,
              "llm_chat",
              3,
              "translate_text",
              1),
          new Role(
              "release",
              "claude-sonnet-4-6",
              0.6,
              "release_check",
              5,
              "deploy_trigger",
              2,
              "pr_reviewer_tool",
              3,
              "test_runner",
              3,
              "github_api",
              4,
              "slack_post",
              2,
              "feature_flag",
              1),
          new Role(
              "data",
              "llama-3.1-70b",
              0.55,
              "sql_query",
              8,
              "csv_parse",
              3,
              "vector_search",
              3,
              "embed_text",
              3,
              "llm_chat",
              2,
              "extract_entities",
              3),
          new Role(
              "qa",
              "gpt-4o-mini",
              0.48,
              "test_runner",
              5,
              "file_read",
              4,
              "code_search",
              3,
              "http_request",
              3,
              "llm_chat",
              2,
              "jira_ticket",
              2));

  static final int AGENTS_PER_ROLE = 5;

  /** Calls every role makes regardless of its job; expensive or risky tools are left out. */
  private static final Object[] COMMON = {
    "cache_get",
    3,
    "web_search",
    1,
    "file_read",
    1,
    "kb_lookup",
    1,
    "llm_chat",
    1,
    "slack_post",
    0.3,
    "web_fetch",
    1
  };

  private static final List<String> NEVER_BY_CHANCE =
      List.of("comfy_generate_image", "comfy_generate_video", "deploy_trigger");

  static int toolIndex(String name) {
    for (int i = 0; i < TOOLS.size(); i++) {
      if (TOOLS.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown demo tool " + name);
  }

  /** Cumulative tool weights for one role: a small floor everywhere, common calls, affinity. */
  static double[] toolWeights(Role role) {
    double[] w = new double[TOOLS.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = NEVER_BY_CHANCE.contains(TOOLS.get(i).name()) ? 0 : 0.05;
    }
    addPairs(w, COMMON);
    addPairs(w, role.affinity());
    for (int i = 1; i < w.length; i++) {
      w[i] += w[i - 1];
    }
    return w;
  }

  private static void addPairs(double[] w, Object[] pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      w[toolIndex((String) pairs[i])] += ((Number) pairs[i + 1]).doubleValue();
    }
  }
}
