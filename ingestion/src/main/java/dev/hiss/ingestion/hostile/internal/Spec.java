package dev.hiss.ingestion.hostile.internal;

import dev.hiss.ingestion.ValidationRule;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * One hostile record before labelling: variant name, key, value, headers and the rule that must
 * reject it.
 */
public record Spec(
    String variant, byte[] key, byte[] value, List<Header> headers, ValidationRule rule) {}
