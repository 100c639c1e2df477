package dev.awsconnectors.destination.kinesis.send;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that runs its tasks only when the test says so, on the test's thread, in the order they came. */
final class ManualExecutor implements Executor {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public void execute(Runnable task) {
    tasks.addLast(task);
  }

  int pending() {
    return tasks.size();
  }

  /** Runs the oldest task; fails if there is none. */
  void runNext() {
    if (tasks.isEmpty()) {
      throw new AssertionError("no task is pending");
    }
    tasks.pollFirst().run();
  }

  /** Runs the tasks pending now (not those they start). */
  void runPending() {
    for (int n = tasks.size(); n > 0; n--) {
      tasks.pollFirst().run();
    }
  }
}
