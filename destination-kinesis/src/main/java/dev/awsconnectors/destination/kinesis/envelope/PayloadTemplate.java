package dev.awsconnectors.destination.kinesis.envelope;

import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.org.antlr.v4.runtime.ParserRuleContext;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.parser.Flavor;
import liqp.parser.v4.NodeVisitor;
import liquid.parser.v4.LiquidParser;

/**
 * A Liquid template (Shopify's standard tags and filters, plus {@code json}), parsed once when the configuration is
 * read. Immutable and shared; each writer thread renders through its own {@link #newRenderer renderer}.
 *
 * <p>Includes of other files are refused: a template is self-contained and reads nothing but the record.
 */
public final class PayloadTemplate {
  private static final Pattern LIQP_MESSAGE = Pattern.compile("(?s)(?:lexer|parser) error \"(.*)\" on line \\d+, "
      + "index \\d+");
  private static final Pattern LIQP_NODE_MESSAGE = Pattern.compile("(?s)error on line (\\d+), index (\\d+): (.*)");

  private final String text;
  private final TemplateLimits limits;
  private final TemplateParser parser;
  private final ParseTree tree;

  private PayloadTemplate(String text, TemplateLimits limits, TemplateParser parser, ParseTree tree) {
    this.text = text;
    this.limits = limits;
    this.parser = parser;
    this.tree = tree;
  }

  /**
   * Parses {@code text} and checks every filter it names.
   *
   * @throws SyntaxError with the line and column of the first mistake
   */
  public static PayloadTemplate compile(String text, TemplateLimits limits) throws SyntaxError {
    Objects.requireNonNull(text, "text");
    if (text.length() > limits.maxTemplateChars()) {
      throw new SyntaxError(1, 1, "the template has " + text.length() + " characters, more than the "
          + limits.maxTemplateChars() + " allowed");
    }
    TemplateParser parser = new TemplateParser.Builder()
        .withFlavor(Flavor.LIQUID)
        .withFilter(LiquidJson.FILTER)
        .withStrictVariables(false) // a missing field renders as nothing, or as null through the json filter
        .withDefaultTimeZone(ZoneOffset.UTC)
        .withNameResolver(name -> {
          throw new IllegalArgumentException("templates cannot include other files ('" + name + "')");
        })
        .withRenderTransformer(new TemplateRenderer.BoundedOutput(limits))
        .withMaxIterations(limits.maxIterations())
        .withMaxSizeRenderedString(limits.maxOutputChars())
        .build();
    ParseTree tree;
    try {
      Template template = parser.parse(text);
      tree = template.getParseTree();
    } catch (LiquidException e) {
      Matcher m = LIQP_MESSAGE.matcher(e.getMessage() == null ? "" : e.getMessage());
      throw new SyntaxError(e.line, e.charPositionInLine + 1, m.matches() ? m.group(1) : e.getMessage());
    }
    checkTree(parser, tree);
    try {
      new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude).visit(tree);
    } catch (RuntimeException e) {
      Matcher m = LIQP_NODE_MESSAGE.matcher(String.valueOf(e.getMessage()));
      throw m.matches() ? new SyntaxError(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, m.group(3))
          : new SyntaxError(1, 1, String.valueOf(e.getMessage()));
    }
    return new PayloadTemplate(text, limits, parser, tree);
  }

  /** Unknown filters and includes would only fail when a record is rendered; name them now, where they are. */
  private static void checkTree(TemplateParser parser, ParseTree tree) throws SyntaxError {
    Deque<ParseTree> todo = new ArrayDeque<>();
    todo.push(tree);
    while (!todo.isEmpty()) {
      ParseTree node = todo.pop();
      if (node instanceof LiquidParser.FilterContext filter && filter.Id() != null) {
        String name = filter.Id().getText();
        if (!parser.filters.getMap().containsKey(name)) {
          Token at = filter.Id().getSymbol();
          throw new SyntaxError(at.getLine(), at.getCharPositionInLine() + 1, "there is no filter named '" + name
              + "'");
        }
      }
      if (node instanceof LiquidParser.Include_tagContext || node instanceof LiquidParser.Include_relative_tagContext) {
        ParserRuleContext at = (ParserRuleContext) node;
        throw new SyntaxError(at.start.getLine(), at.start.getCharPositionInLine() + 1,
            "templates cannot include other files");
      }
      for (int i = node.getChildCount() - 1; i >= 0; i--) {
        todo.push(node.getChild(i));
      }
    }
  }

  /**
   * A renderer for one thread.
   *
   * @param nanoTime the clock of the render-time limit ({@code System::nanoTime}; tests pass a fake)
   */
  public TemplateRenderer newRenderer(LongSupplier nanoTime) {
    return new TemplateRenderer(parser, new NodeVisitor(parser.insertions, parser.filters,
        parser.liquidStyleInclude).visit(tree), limits, nanoTime);
  }

  public String text() {
    return text;
  }

  public TemplateLimits limits() {
    return limits;
  }

  /** Two templates are equal when their text and limits are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadTemplate other && other.text.equals(text) && other.limits.equals(limits);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** The template is not valid Liquid; {@code line} and {@code column} count from 1. */
  public static final class SyntaxError extends Exception {
    private final int line;
    private final int column;
    private final String reason;

    SyntaxError(int line, int column, String reason) {
      super("line " + line + ", column " + column + ": " + reason);
      this.line = line;
      this.column = column;
      this.reason = reason;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    public String reason() {
      return reason;
    }
  }
}
