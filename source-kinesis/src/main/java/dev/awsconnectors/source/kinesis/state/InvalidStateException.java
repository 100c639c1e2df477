package dev.awsconnectors.source.kinesis.state;

/** An input state this connector cannot understand; the message says what is wrong with it. */
public final class InvalidStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(String message) {
    super(message);
  }
}
