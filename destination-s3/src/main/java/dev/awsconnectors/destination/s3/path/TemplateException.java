package dev.awsconnectors.destination.s3.path;

import java.util.List;

/** A path format or file name pattern that cannot be used; every problem is listed, each saying what to change. */
public final class TemplateException extends IllegalArgumentException {
  private final List<String> problems;

  public TemplateException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
