package io.switchboard.journal;

import io.switchboard.engine.EngineSnapshot;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The engine's own snapshots ({@link TenantEngine#snapshot()}, {@link TenantEngine#restore}) as
 * bytes, for journal snapshots.
 *
 * <p>{@link EngineSnapshot} is plain data: records of strings, numbers, booleans, enums, instants,
 * ConnIDs, key-value lists, optionals, lists and maps of strings. The codec walks the records'
 * components in declaration order and writes each by its type (enums by name), so that it follows
 * the snapshot as the engine grows. The bytes start with a fingerprint of that shape (every
 * record's component names and types): a snapshot written by an engine of another shape is refused,
 * and the journal is then replayed from an older snapshot or from its start.
 */
public final class EngineSnapshotCodec implements EngineCodec {

  private static final int SHAPE = shape();

  @Override
  public byte[] encode(TenantEngine engine) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SHAPE);
      write(out, engine.snapshot(), EngineSnapshot.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public TenantEngine decode(TenantConfig config, byte[] state, InstantSource clock, IdSource ids) {
    EngineSnapshot snapshot;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int shape = in.readInt();
      if (shape != SHAPE) {
        throw new IllegalArgumentException(
            "the snapshot of tenant "
                + config.tenant()
                + " was written by an engine that keeps another state (shape "
                + Integer.toHexString(shape)
                + ", this one "
                + Integer.toHexString(SHAPE)
                + ")");
      }
      snapshot = (EngineSnapshot) read(in, EngineSnapshot.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the snapshot of tenant " + config.tenant() + " is cut short: " + e, e);
    }
    // the agents belong to the tenant's configuration, which the journal keeps beside the state
    return TenantEngine.restore(snapshot, config.agents(), clock, ids);
  }

  private static void write(DataOutputStream out, Object value, Type type) throws IOException {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      // the engine leaves some texts of its timers unset
      out.writeBoolean(value != null);
      if (value != null) {
        out.writeUTF((String) value);
      }
    } else if (value == null) {
      throw new IllegalStateException("an engine snapshot holds a null " + raw.getSimpleName());
    } else if (raw == long.class || raw == Long.class) {
      out.writeLong((Long) value);
    } else if (raw == int.class || raw == Integer.class) {
      out.writeInt((Integer) value);
    } else if (raw == boolean.class || raw == Boolean.class) {
      out.writeBoolean((Boolean) value);
    } else if (raw.isEnum()) {
      out.writeUTF(((Enum<?>) value).name());
    } else if (raw == Instant.class) {
      out.writeLong(((Instant) value).getEpochSecond());
      out.writeInt(((Instant) value).getNano());
    } else if (raw == ConnId.class) {
      out.writeLong(((ConnId) value).value());
      out.writeUTF(((ConnId) value).site());
    } else if (raw == KVList.class) {
      writeKv(out, (KVList) value);
    } else if (raw == Optional.class) {
      Optional<?> optional = (Optional<?>) value;
      out.writeBoolean(optional.isPresent());
      if (optional.isPresent()) {
        write(out, optional.get(), argument(type, 0));
      }
    } else if (raw == List.class) {
      List<?> list = (List<?>) value;
      out.writeInt(list.size());
      for (Object element : list) {
        write(out, element, argument(type, 0));
      }
    } else if (raw == Map.class) {
      Map<?, ?> map = (Map<?, ?>) value;
      out.writeInt(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        write(out, entry.getKey(), argument(type, 0));
        write(out, entry.getValue(), argument(type, 1));
      }
    } else if (raw.isRecord()) {
      for (RecordComponent component : raw.getRecordComponents()) {
        try {
          write(out, component.getAccessor().invoke(value), component.getGenericType());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component, e);
        }
      }
    } else {
      throw new IllegalStateException("an engine snapshot holds a " + raw + ": add it here");
    }
  }

  private static Object read(DataInputStream in, Type type) throws IOException {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      return in.readBoolean() ? in.readUTF() : null;
    } else if (raw == long.class || raw == Long.class) {
      return in.readLong();
    } else if (raw == int.class || raw == Integer.class) {
      return in.readInt();
    } else if (raw == boolean.class || raw == Boolean.class) {
      return in.readBoolean();
    } else if (raw.isEnum()) {
      String name = in.readUTF();
      for (Object constant : raw.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(name)) {
          return constant;
        }
      }
      throw new IllegalArgumentException(raw.getSimpleName() + " has no " + name);
    } else if (raw == Instant.class) {
      return Instant.ofEpochSecond(in.readLong(), in.readInt());
    } else if (raw == ConnId.class) {
      return new ConnId(in.readLong(), in.readUTF());
    } else if (raw == KVList.class) {
      return readKv(in);
    } else if (raw == Optional.class) {
      return in.readBoolean() ? Optional.of(read(in, argument(type, 0))) : Optional.empty();
    } else if (raw == List.class) {
      int size = in.readInt();
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(read(in, argument(type, 0)));
      }
      return list;
    } else if (raw == Map.class) {
      int size = in.readInt();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        map.put(read(in, argument(type, 0)), read(in, argument(type, 1)));
      }
      return map;
    } else if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = read(in, components[i].getGenericType());
        types[i] = components[i].getType();
      }
      try {
        Constructor<?> canonical = raw.getDeclaredConstructor(types);
        return canonical.newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("cannot build a " + raw.getSimpleName() + ": " + e, e);
      }
    }
    throw new IllegalStateException("an engine snapshot holds a " + raw + ": add it here");
  }

  private static void writeKv(DataOutputStream out, KVList list) throws IOException {
    out.writeInt(list.size());
    for (Map.Entry<String, Object> entry : list.asMap().entrySet()) {
      out.writeUTF(entry.getKey());
      if (entry.getValue() instanceof String text) {
        out.writeByte(0);
        out.writeUTF(text);
      } else if (entry.getValue() instanceof Long number) {
        out.writeByte(1);
        out.writeLong(number);
      } else {
        out.writeByte(2);
        writeKv(out, (KVList) entry.getValue());
      }
    }
  }

  private static KVList readKv(DataInputStream in) throws IOException {
    int size = in.readInt();
    Map<String, Object> entries = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      String key = in.readUTF();
      int kind = in.readByte();
      entries.put(
          key,
          switch (kind) {
            case 0 -> in.readUTF();
            case 1 -> in.readLong();
            case 2 -> readKv(in);
            default -> throw new IllegalArgumentException("a key-value list entry of kind " + kind);
          });
    }
    return KVList.of(entries);
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("an engine snapshot holds a " + type + ": add it here");
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  /** A fingerprint of the snapshot's shape: every record's component names and types. */
  private static int shape() {
    StringBuilder text = new StringBuilder();
    describe(EngineSnapshot.class, text, new ArrayList<>());
    CRC32C crc = new CRC32C();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  private static void describe(Type type, StringBuilder text, List<Class<?>> seen) {
    text.append(type.getTypeName()).append(';');
    Class<?> raw = raw(type);
    if (type instanceof ParameterizedType p) {
      Arrays.stream(p.getActualTypeArguments()).forEach(a -> describe(a, text, seen));
    }
    if (raw.isRecord() && !seen.contains(raw)) {
      seen.add(raw);
      for (RecordComponent component : raw.getRecordComponents()) {
        text.append(component.getName()).append(':');
        describe(component.getGenericType(), text, seen);
      }
    }
  }
}
