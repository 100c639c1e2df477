package dev.awsconnectors.destination.s3.storage;

/**
 * The store refused a conditional write ({@code If-None-Match: *}, HTTP 501): nothing was written. The store is
 * marked as without conditional writes, so the caller must make sure the key is free before writing again.
 */
public final class ConditionalWritesUnsupportedException extends RuntimeException {
  public ConditionalWritesUnsupportedException(String key, Throwable cause) {
    super("The store does not support conditional writes; nothing was written under '" + key + "'", cause);
  }
}
