package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsThroughJson() {
    Alert a = new Alert("ecg-0", 1_000L, "threshold", "<b>too high</b>", 1.5);
    assertEquals(a, Alert.decode(a.encode()));
    assertEquals("<b>too high</b>", a.view().get("message"));
  }

  @Test
  void valueIsOptional() {
    Alert a =
        Alert.decode(
            json("{\"deviceId\":\"d\",\"timestampNs\":5,\"kind\":\"k\",\"message\":\"\"}"));
    assertTrue(Double.isNaN(a.value()));
    assertNull(a.view().get("value"));
    assertEquals(a.deviceId(), Alert.decode(a.encode()).deviceId());
  }

  @Test
  void rejectsMissingFieldsAndBadValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Alert.decode(json("{\"deviceId\":\"d\",\"timestampNs\":5,\"kind\":\"k\"}")));
    assertTrue(e.getMessage().contains("message"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Alert.decode(json("not json")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Alert.decode(
                json(
                    "{\"deviceId\":\"d\",\"timestampNs\":\"x\",\"kind\":\"k\",\"message\":\"\"}")));
    // device ids follow the sensor contract: markup is not a device id
    assertThrows(IllegalArgumentException.class, () -> new Alert("<script>", 5, "k", "", 0));
    assertThrows(IllegalArgumentException.class, () -> new Alert("d", 0, "k", "", 0));
    assertThrows(IllegalArgumentException.class, () -> new Alert("d", 5, "", "", 0));
    assertThrows(IllegalArgumentException.class, () -> new Alert("d", 5, "k", "x".repeat(1025), 0));
  }
}
