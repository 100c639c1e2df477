package dev.awsconnectors.protocol;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool: the classes it names (instantiates, casts to,
 * calls, catches) and the types in the descriptors of the fields and methods it uses. These are what the JVM may
 * load when the class runs. Names are internal ({@code a/b/C$D}); arrays are reduced to their element class.
 */
final class ClassFileReferences {
  private static final Pattern OBJECT_TYPE = Pattern.compile("L([A-Za-z0-9_$/]+);");

  private ClassFileReferences() {}

  static Set<String> of(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int[] descriptors = new int[count];
    int classes = 0;
    int described = 0;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[classes++] = in.readUnsignedShort();
        case 16 -> descriptors[described++] = in.readUnsignedShort();
        case 12 -> {
          in.readUnsignedShort();
          descriptors[described++] = in.readUnsignedShort();
        }
        case 8, 19, 20 -> in.readUnsignedShort();
        case 3, 4, 9, 10, 11, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // a long or double takes two constant pool entries
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    Set<String> referenced = new TreeSet<>();
    for (int i = 0; i < classes; i++) {
      String name = utf8[classNames[i]];
      if (name.startsWith("[")) {
        addObjectTypes(name, referenced);
      } else {
        referenced.add(name);
      }
    }
    for (int i = 0; i < described; i++) {
      addObjectTypes(utf8[descriptors[i]], referenced);
    }
    return referenced;
  }

  private static void addObjectTypes(String descriptor, Set<String> into) {
    Matcher type = OBJECT_TYPE.matcher(descriptor);
    while (type.find()) {
      into.add(type.group(1));
    }
  }
}
