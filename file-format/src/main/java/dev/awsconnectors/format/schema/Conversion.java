package dev.awsconnectors.format.schema;

import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Change;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state of converting one record: where we are (for the {@code field} of a change), the changes so far, and
 * whether a misfit below the current field still needs its original value kept by the enclosing record.
 */
final class Conversion {
  private String[] names = new String[16];
  private int[] indices = new int[16];
  private int depth;
  private List<AirbyteRecordMessageMetaChange> changes;
  private long coerced;
  /** A value below the current field was nulled and no nested record kept its original. */
  boolean unabsorbed;

  void reset() {
    depth = 0;
    changes = null;
    unabsorbed = false;
  }

  void push(String name) {
    grow();
    names[depth++] = name;
  }

  void push(int index) {
    grow();
    names[depth] = null;
    indices[depth++] = index;
  }

  void pop() {
    depth--;
  }

  private void grow() {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indices = Arrays.copyOf(indices, depth * 2);
    }
  }

  /** The value here does not fit its type: it is nulled, counted, and recorded as a change. Returns null. */
  Object misfit() {
    coerced++;
    unabsorbed = true;
    if (changes == null) {
      changes = new ArrayList<>(2);
    }
    changes.add(new AirbyteRecordMessageMetaChange(path(), Change.NULLED, Reason.DESTINATION_TYPECAST_ERROR));
    return null;
  }

  /** The value was kept in another form (a number written as text in a string column): counted only. */
  void converted() {
    coerced++;
  }

  /** The current position: {@code a.b[2].c}. */
  String path() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (names[i] == null) {
        out.append('[').append(indices[i]).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(names[i]);
      }
    }
    return out.toString();
  }

  List<AirbyteRecordMessageMetaChange> changes() {
    return changes == null ? List.of() : changes;
  }

  long coerced() {
    return coerced;
  }
}
