package dev.hiss.forecasting.task;

import dev.hiss.forecasting.data.MaskedArray;

/**
 * One episode of a continuous sequence-to-sequence task.
 *
 * @param series the series id
 * @param start first input row of the episode in its series
 * @param input {@code [L_in][D_in]}
 * @param target {@code [L_in / k][D_out]}: target j belongs to input chunk {@code [j·k, (j+1)·k)}
 */
public record Seq2SeqSample(String series, int start, MaskedArray input, MaskedArray target) {}
