package dev.awsconnectors.destination.kinesis.envelope;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import liqp.RenderTransformer;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.nodes.LNode;

/**
 * Renders one {@link PayloadTemplate} for one thread, within its {@link TemplateLimits}: the node tree is built once
 * here (liqp's {@code Template.render} would rebuild it for every record), and every rendering gets a fresh context
 * that counts loop iterations and checks the time at each iteration and each piece of output. Not thread-safe.
 */
public final class TemplateRenderer {
  private final TemplateParser parser;
  private final LNode root;
  private final long maxRenderNanos;
  private final LongSupplier nanoTime;

  TemplateRenderer(TemplateParser parser, LNode root, TemplateLimits limits, LongSupplier nanoTime) {
    this.parser = parser;
    this.root = root;
    this.maxRenderNanos = limits.maxRenderTime().toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * @param variables the template's variables; values are Liquid values ({@link LiquidJson#value})
   * @throws RenderException if the template fails on these values or exceeds a limit
   */
  public String render(Map<String, Object> variables) throws RenderException {
    BoundedContext context = new BoundedContext(parser, variables, nanoTime, nanoTime.getAsLong() + maxRenderNanos,
        maxRenderNanos);
    try {
      Object rendered = root.render(context);
      return rendered == null ? "" : rendered.toString();
    } catch (ExceededMaxIterationsException e) {
      throw new RenderException("the template ran more than " + parser.getLimitMaxIterations()
          + " loop iterations for one record", e);
    } catch (LimitExceeded e) {
      throw new RenderException(e.getMessage(), e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new RenderException("rendering failed: " + (e.getMessage() != null ? e.getMessage()
          : e.getClass().getSimpleName()), e);
    }
  }

  /** The template could not be rendered for one record. */
  public static final class RenderException extends Exception {
    RenderException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** Thrown inside liqp when a limit is passed; carries the sentence for the user. */
  private static final class LimitExceeded extends RuntimeException {
    LimitExceeded(String message) {
      super(message, null, false, false);
    }
  }

  /** One rendering's context: liqp creates child contexts through it, each knowing the deadline. */
  private static final class BoundedContext extends TemplateContext {
    private final LongSupplier nanoTime;
    private final long deadline;
    private final long budget;

    BoundedContext(TemplateParser parser, Map<String, Object> variables, LongSupplier nanoTime, long deadline,
        long budget) {
      super(parser, variables);
      this.nanoTime = nanoTime;
      this.deadline = deadline;
      this.budget = budget;
    }

    private BoundedContext(Map<String, Object> variables, BoundedContext parent) {
      super(variables, parent);
      this.nanoTime = parent.nanoTime;
      this.deadline = parent.deadline;
      this.budget = parent.budget;
    }

    @Override
    public TemplateContext newChildContext(Map<String, Object> variablesForChild) {
      return new BoundedContext(variablesForChild, this);
    }

    @Override
    public void checkForMaxIterations(int iterations) {
      super.checkForMaxIterations(iterations);
      checkTime();
    }

    void checkTime() {
      if (nanoTime.getAsLong() - deadline > 0) {
        throw new LimitExceeded("rendering one record took longer than "
            + TimeUnit.NANOSECONDS.toMillis(budget) + " ms");
      }
    }
  }

  /**
   * Collects output like liqp's default transformer (no copy for a single piece), but fails as soon as a block
   * passes the output limit or the rendering its deadline, instead of after building the whole text.
   */
  static final class BoundedOutput implements RenderTransformer {
    private final int maxChars;

    BoundedOutput(TemplateLimits limits) {
      this.maxChars = limits.maxOutputChars();
    }

    @Override
    public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
      BoundedContext bounded = context instanceof BoundedContext b ? b : null;
      return new ObjectAppender.Controller() {
        private CharSequence single;
        private StringBuilder many;

        @Override
        public void append(Object obj) {
          CharSequence piece = obj instanceof CharSequence text ? text : String.valueOf(obj);
          if (many != null) {
            many.append(piece);
          } else if (single == null) {
            single = piece;
          } else {
            many = new StringBuilder(Math.max(64, single.length() + piece.length())).append(single).append(piece);
            single = null;
          }
          check(many != null ? many.length() : single.length());
        }

        private void check(int length) {
          if (length > maxChars) {
            throw new LimitExceeded("the template produced more than " + maxChars + " characters for one record");
          }
          if (bounded != null) {
            bounded.checkTime();
          }
        }

        @Override
        public Object getResult() {
          return many != null ? many.toString() : single != null ? single.toString() : "";
        }
      };
    }

    @Override
    public Object transformObject(TemplateContext context, Object obj) {
      return String.valueOf(obj);
    }
  }
}
