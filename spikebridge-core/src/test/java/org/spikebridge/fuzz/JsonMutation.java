package org.spikebridge.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Structure-aware mutations of a JSON document: a value replaced by a boundary number (huge,
 * negative, fractional, NaN or Infinity as a bare token), by a path that climbs ({@code ..}), is
 * absolute or holds a newline, by null, {} or [], or by an array nested thousands deep; a member
 * or element removed, duplicated or renamed. A document that does not parse gets byte mutations.
 */
final class JsonMutation implements Mutation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] STRINGS = {"", " ", "..", "../x", "../../etc", "/abs", "/",
      "a\nb", "a\u0000b", "\\", "x/../..", "NaN", "Infinity", "-1", "1e309", "null",
      "é€\uD83D\uDE00", "epoch-001/../..", "C:\\x"};
  private static final String[] RAW_TOKENS = {"NaN", "-Infinity", "Infinity", "1e999", "-1e999",
      "99999999999999999999999999999999", "-0", "1.5", "4294967296", "2147483648", "-2147483649",
      "9223372036854775808", "1e-400", "0.0", "1E2"};

  /** A slot of the tree: a member of an object or an element of an array. */
  private record Slot(ContainerNode<?> parent, String field, int index) {
    JsonNode get() {
      return field != null ? parent.get(field) : parent.get(index);
    }

    void set(JsonNode value) {
      if (field != null) {
        ((ObjectNode) parent).set(field, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (field != null) {
        ((ObjectNode) parent).remove(field);
      } else {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  @Override
  public byte[] apply(byte[] bytes, Mutator mutator) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      root = null;
    }
    if (!(root instanceof ContainerNode<?>)) {
      return mutator.bytes(bytes);
    }
    SplittableRandom random = mutator.random();
    int rounds = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < rounds; i++) {
      mutateOnce(root, random);
    }
    try {
      byte[] out = JSON.writeValueAsBytes(root);
      return random.nextInt(8) == 0 ? mutator.bytes(out) : out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a mutated JSON tree", e);
    }
  }

  private static void mutateOnce(JsonNode root, SplittableRandom random) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      if (root instanceof ObjectNode o) {
        o.set("x", value(random, NODES.nullNode()));
      } else {
        ((ArrayNode) root).add(value(random, NODES.nullNode()));
      }
      return;
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    switch (random.nextInt(8)) {
      case 0 -> slot.remove();
      case 1 -> duplicate(slot, random);
      case 2 -> rename(slot, random);
      default -> slot.set(value(random, slot.get()));
    }
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        slots.add(new Slot(o, name, -1));
        collect(o.get(name), slots);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        slots.add(new Slot(a, null, i));
        collect(a.get(i), slots);
      }
    }
  }

  private static void duplicate(Slot slot, SplittableRandom random) {
    if (slot.parent() instanceof ArrayNode a) {
      int copies = random.nextInt(4) == 0 ? random.nextInt(2, 100) : 1;
      for (int i = 0; i < copies; i++) {
        a.insert(slot.index(), slot.get().deepCopy());
      }
    } else {
      ((ObjectNode) slot.parent()).set(slot.field() + "_", slot.get().deepCopy());
    }
  }

  private static void rename(Slot slot, SplittableRandom random) {
    if (slot.parent() instanceof ObjectNode o) {
      JsonNode value = slot.get();
      o.remove(slot.field());
      o.set(random.nextBoolean() ? slot.field().toUpperCase(Locale.ROOT) : "", value);
    } else {
      slot.remove();
    }
  }

  /** A replacement for {@code old}: near it when it is a number, else anything odd. */
  private static JsonNode value(SplittableRandom random, JsonNode old) {
    if (old.isNumber() && random.nextBoolean()) {
      return nearNumber(old, random);
    }
    return switch (random.nextInt(9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.objectNode();
      case 2 -> NODES.arrayNode();
      case 3 -> NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
      case 4 -> NODES.rawValueNode(new RawValue(RAW_TOKENS[random.nextInt(RAW_TOKENS.length)]));
      case 5 -> NODES.rawValueNode(new RawValue(nested(random.nextInt(100, 5000))));
      case 6 -> NODES.booleanNode(random.nextBoolean());
      case 7 -> NODES.textNode("x".repeat(random.nextInt(1, 70_000)));
      default -> NODES.numberNode(random.nextInt(-3, 1000));
    };
  }

  private static JsonNode nearNumber(JsonNode old, SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.numberNode(old.longValue() + 1);
      case 1 -> NODES.numberNode(old.longValue() - 1);
      case 2 -> NODES.numberNode(-old.doubleValue());
      case 3 -> NODES.numberNode(old.doubleValue() + 0.5);
      case 4 -> NODES.numberNode(old.decimalValue().scaleByPowerOfTen(random.nextInt(1, 400)));
      default -> NODES.numberNode(BigInteger.valueOf(old.longValue()).shiftLeft(random.nextInt(1, 70)));
    };
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }
}
