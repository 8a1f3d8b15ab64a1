package dev.burnrate.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.LimitExceededException;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * How burnrate talks to AWS: the JDK's URL connection (no Apache or Netty client on the class
 * path), the SDK's default credential chain (environment, system properties, web identity, profile
 * files, containers; EC2 instance metadata only when the config allows it), and the SDK's standard
 * retry strategy, configured rather than hand-rolled.
 *
 * <p><b>Retries.</b> {@link AwsRetryStrategy#standardRetryStrategy()} classifies throttling (HTTP
 * 429, {@code ThrottlingException}, ...) and transient errors (5xx, I/O); burnrate adds Cost
 * Explorer's {@code LimitExceededException} ("too many calls in a short period"). Delays are
 * exponential with full jitter ({@link BackoffStrategy#exponentialDelay}): throttling from 1 s,
 * other transient errors from 100 ms, both capped at 20 s, at most 5 attempts per request.
 *
 * <p><b>No real AWS from tests.</b> With the system property {@value #LOOPBACK_ONLY} set to {@code
 * true} (the build sets it for every test), any request to a host that is not a loopback address
 * fails before it is sent.
 */
public final class AwsClients {
  /** System property: refuse any AWS request not addressed to a loopback host. */
  public static final String LOOPBACK_ONLY = "burnrate.aws.loopback_only";

  /** Attempts per request, the first included. */
  static final int MAX_ATTEMPTS = 5;

  /** Backoff settings; tests shorten them. */
  record Backoff(Duration base, Duration throttlingBase, Duration max) {
    static final Backoff STANDARD =
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20));
  }

  private final Region region;
  private final Optional<URI> endpoint;
  private final AwsCredentialsProvider credentials;
  private final Backoff backoff;

  /** HTTP attempts sent, retries included. */
  final AtomicInteger attempts = new AtomicInteger();

  AwsClients(
      String region, Optional<URI> endpoint, AwsCredentialsProvider credentials, Backoff backoff) {
    this.region = Region.of(region);
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.backoff = backoff;
  }

  /**
   * Clients for {@code region} (and {@code endpoint} when set) with the default credential chain.
   * Instance metadata is switched off for this process unless {@code instanceMetadata} is true or
   * the operator already set {@code AWS_EC2_METADATA_DISABLED} / {@code aws.disableEc2Metadata}.
   */
  public static AwsClients standard(
      String region, Optional<URI> endpoint, boolean instanceMetadata) {
    String property = SdkSystemSetting.AWS_EC2_METADATA_DISABLED.property();
    if (!instanceMetadata
        && System.getProperty(property) == null
        && System.getenv(SdkSystemSetting.AWS_EC2_METADATA_DISABLED.environmentVariable())
            == null) {
      System.setProperty(property, "true");
    }
    return new AwsClients(
        region, endpoint, DefaultCredentialsProvider.builder().build(), Backoff.STANDARD);
  }

  int attempts() {
    return attempts.get();
  }

  CostExplorerClient costExplorer() {
    var b =
        CostExplorerClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http())
            .overrideConfiguration(override());
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  PricingClient pricing() {
    var b =
        PricingClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http())
            .overrideConfiguration(override());
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  private static SdkHttpClient http() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60))
        .build();
  }

  private ClientOverrideConfiguration override() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retryStrategy(backoff))
        .addExecutionInterceptor(new Guard(attempts))
        .apiCallTimeout(Duration.ofMinutes(5))
        .build();
  }

  static RetryStrategy retryStrategy(Backoff backoff) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(BackoffStrategy.exponentialDelay(backoff.base(), backoff.max()))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(backoff.throttlingBase(), backoff.max()))
        .retryOnException(LimitExceededException.class)
        .build();
  }

  /** Counts every attempt, and refuses non-loopback hosts when {@link #LOOPBACK_ONLY} is set. */
  private static final class Guard implements ExecutionInterceptor {
    private final AtomicInteger attempts;

    Guard(AtomicInteger attempts) {
      this.attempts = attempts;
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (Boolean.getBoolean(LOOPBACK_ONLY) && !loopback(context.httpRequest().host())) {
        throw new LoopbackOnlyException(
            "refusing to call "
                + context.httpRequest().host()
                + ": "
                + LOOPBACK_ONLY
                + " is set (tests never reach AWS); configure an endpoint on 127.0.0.1");
      }
      attempts.incrementAndGet();
    }

    /** Judged from the name alone: no DNS lookup for a host that must not be reached. */
    private static boolean loopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
  }

  /** A request to a real AWS host while {@link #LOOPBACK_ONLY} is set. */
  static final class LoopbackOnlyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LoopbackOnlyException(String message) {
      super(message);
    }
  }
}
