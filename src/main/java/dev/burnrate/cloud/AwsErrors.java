package dev.burnrate.cloud;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.costexplorer.model.DataUnavailableException;

/** Turns an AWS failure into one line that says what to do. Never includes credentials. */
final class AwsErrors {
  private AwsErrors() {}

  static SyncException explain(String api, String what, RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof AwsClients.LoopbackOnlyException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof AwsClients.LoopbackOnlyException) {
      return new SyncException(root.getMessage(), e);
    }
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
      code = code == null ? "" : code;
      String message =
          s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      if (e instanceof DataUnavailableException || code.equals("DataUnavailableException")) {
        return new SyncException(
            api
                + " has no data for this request (DataUnavailableException): "
                + what
                + " Enable Cost Explorer in the Billing console, activate the tag as a"
                + " cost-allocation tag, and wait up to 24 hours for data",
            e);
      }
      if (s.statusCode() == 403
          || code.contains("AccessDenied")
          || code.equals("UnrecognizedClientException")
          || code.equals("InvalidClientTokenId")
          || code.equals("ExpiredTokenException")
          || code.equals("InvalidSignatureException")) {
        return new SyncException(
            api
                + " refused these credentials ("
                + code
                + "): grant "
                + (api.equals("Cost Explorer") ? "ce:GetCostAndUsage" : "pricing:GetProducts")
                + " to the identity, or check which profile or keys are in use",
            e);
      }
      if (s.isThrottlingException() || code.equals("LimitExceededException")) {
        return new SyncException(
            api
                + " kept throttling ("
                + code
                + ") after "
                + AwsClients.MAX_ATTEMPTS
                + " attempts with backoff; run again later",
            e);
      }
      return new SyncException(
          api
              + " refused the request ("
              + (code.isEmpty() ? "HTTP " + s.statusCode() : code)
              + "): "
              + oneLine(message),
          e);
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof SdkClientException && m.contains("Unable to load credentials")) {
      return new SyncException(
          "no AWS credentials found: set AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials (or run where a container"
              + " role is provided; on EC2 set instance_metadata: true)",
          e);
    }
    return new SyncException("cannot reach " + api + ": " + oneLine(m), e);
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
