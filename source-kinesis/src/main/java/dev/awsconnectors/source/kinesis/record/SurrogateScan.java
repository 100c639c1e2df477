package dev.awsconnectors.source.kinesis.record;

/**
 * Decides whether a record's text may hold a surrogate that the protocol codec and a streaming generator write
 * differently, so that {@link RecordWriter} maps the record as a tree instead of streaming it: the codec's text has
 * {@code ?} for a lone surrogate once written as UTF-8, a generator writes an escape. A payload copied as JSON is
 * scanned for lone ones (escaped or as UTF-8 bytes); the keys, rarely anything but ASCII, for any surrogate.
 *
 * <p>Lifecycle: none. Pure static checks, called once per user record before it is streamed; they only scan, never
 * allocate, and are thread-safe.
 */
final class SurrogateScan {
  private SurrogateScan() {}

  /**
   * Whether the record must be mapped as a tree for its surrogates.
   *
   * @param payloadAsJson the payload is copied as JSON text (otherwise it is written in base64, which has none)
   * @param explicitHashKey null when the record has none
   */
  static boolean forcesTree(boolean payloadAsJson, byte[] payload, String partitionKey, String explicitHashKey) {
    return (payloadAsJson && mayHoldLoneSurrogate(payload)) || hasSurrogate(partitionKey)
        || hasSurrogate(explicitHashKey);
  }

  /**
   * Whether the JSON text may hold a surrogate that is not half of a pair: an escape {@code \\uD...} (an escaped pair
   * too: it is not worth telling apart) or the UTF-8 of a surrogate ({@code ED A0..BF}). Pairs written as four UTF-8
   * bytes are not surrogates here.
   */
  static boolean mayHoldLoneSurrogate(byte[] payload) {
    for (int i = 0; i < payload.length - 1; i++) {
      byte b = payload[i];
      if (b == '\\') {
        if (payload[i + 1] == 'u' && i + 2 < payload.length && (payload[i + 2] | 0x20) == 'd') {
          return true;
        }
        i++; // the escaped character
      } else if (b == (byte) 0xED && (payload[i + 1] & 0xE0) == 0xA0) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text} (null: none) has a surrogate, paired or not. */
  static boolean hasSurrogate(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
