package dev.awsconnectors.destination.kinesis.envelope;

import java.time.Duration;

/**
 * Bounds on rendering one record with a Liquid template, so that a template cannot loop or grow without end: loop
 * iterations, characters of output (of the whole text and of every block) and time, per record.
 *
 * @param maxIterations loop iterations ({@code for}, {@code tablerow}) in one rendering
 * @param maxOutputChars characters one rendering (or any block of it) may produce
 * @param maxRenderTime time one rendering may take, checked at every loop iteration and every piece of output
 * @param maxTemplateChars length of the template text
 */
public record TemplateLimits(int maxIterations, int maxOutputChars, Duration maxRenderTime, int maxTemplateChars) {

  /**
   * 100,000 iterations and 1 s per record; 10 MiB of output, the largest record a Kinesis stream can accept (a
   * stream's own, usually 1 MiB, limit is enforced afterwards as for every payload mode); templates of up to 64 KiB.
   */
  public static final TemplateLimits DEFAULT = new TemplateLimits(100_000, 10 * 1024 * 1024, Duration.ofSeconds(1),
      64 * 1024);
}
