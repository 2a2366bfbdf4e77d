package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aScorerAlertRoundTripsThroughJson() {
    Alert a =
        new Alert("ecg-0", 7, 1_000L, "residual", "<b>too high</b>", 0.9, 1.1, 2.0, 0.5, "abc123");
    assertEquals(a, Alert.decode(a.encode()));
  }

  @Test
  void anAlertFromAnotherSourceLeavesTheScorerFieldsOut() throws Exception {
    Alert a = new Alert("pump:2", 5, "threshold", "", Double.NaN);
    JsonNode n = JSON.readTree(a.encode());
    for (String absent : new String[] {"seq", "value", "predicted", "threshold", "modelVersion"}) {
      assertFalse(n.has(absent), absent + " in " + n);
    }
    assertEquals(a, Alert.decode(a.encode()));
    Alert minimal =
        Alert.decode(
            json("{\"deviceId\":\"d\",\"timestampNs\":5,\"kind\":\"k\",\"message\":\"m\"}"));
    assertEquals(-1, minimal.seq());
    assertTrue(Double.isNaN(minimal.value()));
    assertEquals("", minimal.modelVersion());
  }

  @Test
  void rejectsMissingFieldsAndBadValuesNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Alert.decode(json("{\"deviceId\":\"d\",\"timestampNs\":5,\"kind\":\"k\"}")));
    assertTrue(e.getMessage().contains("message"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Alert.decode(json("not json")));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Alert.decode(
                    json(
                        "{\"deviceId\":\"d\",\"timestampNs\":\"x\",\"kind\":\"k\","
                            + "\"message\":\"\"}")));
    assertTrue(e.getMessage().contains("timestampNs"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Alert.decode(
                    json(
                        "{\"deviceId\":\"d\",\"timestampNs\":5,\"seq\":1.5,\"kind\":\"k\","
                            + "\"message\":\"\"}")));
    assertTrue(e.getMessage().contains("seq"), e.getMessage());
    // device ids follow the sensor contract: markup is not a device id
    e = assertThrows(IllegalArgumentException.class, () -> new Alert("<script>", 5, "k", "", 0));
    assertTrue(e.getMessage().contains("deviceId"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Alert("d", 0, "k", "", 0));
    assertTrue(e.getMessage().contains("timestampNs = 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Alert("d", 5, "", "", 0));
    assertTrue(e.getMessage().contains("kind"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Alert("d", 5, "k", "x".repeat(1025), 0));
    assertTrue(e.getMessage().contains("1025 characters"), e.getMessage());
    new Alert("d", 5, "k", "x".repeat(Alert.MAX_MESSAGE), 0);
  }
}
