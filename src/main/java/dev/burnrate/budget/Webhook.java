package dev.burnrate.budget;

import java.net.URI;
import java.util.Objects;

/** An HTTP(S) endpoint that alerts are posted to; {@code name} labels it in logs and output. */
public record Webhook(String name, URI url) {
  public Webhook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("webhook url " + url + " must be http or https");
    }
  }
}
