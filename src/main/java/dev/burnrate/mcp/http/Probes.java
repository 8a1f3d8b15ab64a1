package dev.burnrate.mcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (the config is loaded and the event
 * index is open), unauthenticated, so they say nothing but that: no version, data or principals.
 */
final class Probes extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient BooleanSupplier ready;

  Probes(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean ok = !"/readyz".equals(request.getRequestURI()) || ready.getAsBoolean();
    response.setStatus(ok ? 200 : 503);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(ok ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}");
  }
}
