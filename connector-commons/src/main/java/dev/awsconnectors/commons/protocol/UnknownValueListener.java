package dev.awsconnectors.commons.protocol;

/**
 * Told of every enum value the model does not know, as it is read (see {@link ProtocolCodec#messageReader}). The
 * value itself is kept in the parsed message; this is for telling the user, once per value.
 */
@FunctionalInterface
public interface UnknownValueListener {
  UnknownValueListener NONE = (field, value) -> { };

  /**
   * @param field where the value was found, as a JSON pointer with {@code *} for array positions (for example
   *     {@code /record/meta/changes/ * /reason} without the spaces)
   * @param value the value as read
   */
  void unknownValue(String field, String value);
}
