package dev.awsconnectors.destination.s3.storage;

/** A conditional write found an object under the key already (HTTP 412): nothing was overwritten. */
public final class ObjectExistsException extends RuntimeException {
  private final String key;

  public ObjectExistsException(String key, Throwable cause) {
    super("An object already exists under '" + key + "'", cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
