package dev.hiss.ops.reliability;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A task on its own daemon thread (e.g. a replay) whose failure the scenario sees at once. */
final class Background implements AutoCloseable {
  private final FutureTask<Void> task;
  private final Thread thread;

  private Background(String name, Runnable body) {
    this.task = new FutureTask<>(body, null);
    this.thread = new Thread(task, "reliability-" + name);
    thread.setDaemon(true);
  }

  static Background start(String name, Runnable body) {
    Background b = new Background(name, body);
    b.thread.start();
    return b;
  }

  /** Throws the task's failure, if it failed. */
  void rethrow() {
    if (task.isDone()) {
      get(Duration.ZERO);
    }
  }

  /** Waits for the task; throws its failure. */
  void await(Duration timeout) {
    get(timeout);
  }

  boolean isDone() {
    return task.isDone();
  }

  private void get(Duration timeout) {
    try {
      task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(thread.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(thread.getName() + " did not finish in " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + thread.getName(), e);
    }
  }

  /** Interrupts the task if it still runs. */
  @Override
  public void close() {
    task.cancel(true);
  }
}
