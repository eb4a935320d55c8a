package io.pitstop.engine.lineage;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The classes one class file names, read from its constant pool (JVMS §4.4): every
 * {@code CONSTANT_Class} entry, which covers the classes it instantiates, calls, extends, casts to
 * and its nested and inner classes (the {@code InnerClasses} and {@code NestMembers} attributes point
 * at such entries), plus the class types inside field and method descriptors and generic signatures
 * ({@code Lpkg/Name;} in a {@code CONSTANT_Utf8}), which name types the code passes along without
 * ever touching them by name. Written here rather than borrowed from a bytecode library because the
 * format needs forty lines and the engine stays light.
 */
final class ClassReferences {

    private static final int MAGIC = 0xCAFEBABE;
    /** A class type in a descriptor or signature: {@code L} then the internal name up to {@code ;} or {@code <}. */
    private static final Pattern DESCRIBED = Pattern.compile("L([A-Za-z_$0-9/]+)[;<]");

    private ClassReferences() {
    }

    /**
     * The internal names ({@code io/pitstop/engine/step/Step}) a class file refers to; array types
     * count as their element type.
     *
     * @param what names the class file in the error of a malformed one
     */
    static Set<String> of(byte[] classFile, String what) {
        var names = new TreeSet<String>();
        try (var in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != MAGIC) throw new IllegalStateException(what + " is not a class file (bad magic number)");
            in.readUnsignedShort();                       // minor version
            in.readUnsignedShort();                       // major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();    // Utf8 (modified UTF-8, as DataInput reads it)
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();   // Class
                    case 8, 16, 19, 20 -> in.skipNBytes(2);                // String, MethodType, Module, Package
                    case 15 -> in.skipNBytes(3);                            // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);  // Integer … InvokeDynamic
                    case 5, 6 -> {                                          // Long, Double take two slots
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IllegalStateException(what + ": unknown constant pool tag " + tag
                            + " at entry " + i + " (a class file newer than this reader?)");
                }
            }
            for (int i = 1; i < count; i++) {
                if (classNameIndex[i] != 0) names.add(elementType(utf8[classNameIndex[i]], what));
                if (utf8[i] != null && utf8[i].indexOf('L') >= 0) {
                    var m = DESCRIBED.matcher(utf8[i]);
                    while (m.find()) names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " is truncated or malformed: " + e.getMessage(), e);
        }
        return names;
    }

    /** {@code [[Lio/x/Y;} names {@code io/x/Y}; a primitive array names nothing worth following. */
    private static String elementType(String name, String what) {
        if (name == null) throw new IllegalStateException(what + ": a class entry points at no UTF-8 entry");
        if (!name.startsWith("[")) return name;
        String element = name.substring(name.lastIndexOf('[') + 1);
        return element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : "";
    }
}
