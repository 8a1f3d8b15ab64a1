package dev.burnrate.mcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /.well-known/oauth-protected-resource} (RFC 9728): this server's resource identifier and
 * the authorization server that issues tokens for it, so MCP clients can find where to log in.
 */
final class ResourceMetadata extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient OAuthTokens oauth;

  ResourceMetadata(OAuthTokens oauth) {
    this.oauth = oauth;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "max-age=300");
    response.getWriter().write(oauth.metadataJson());
  }
}
