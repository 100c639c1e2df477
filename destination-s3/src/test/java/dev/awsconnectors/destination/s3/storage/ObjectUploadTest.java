package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore.Op;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObjectUploadTest {
  private static final long MIB = S3Limits.MIB;
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final MemoryBudget budget = new MemoryBudget(512 * MIB);
  private final UploadPool pool = new UploadPool(4, 3);
  private final Retrier retrier = new Retrier(3, Duration.ofMillis(1), Duration.ofMillis(1), d -> { });
  private final AtomicInteger renames = new AtomicInteger();

  @AfterEach
  void closePool() {
    pool.close();
  }

  private ObjectUpload upload(String key) {
    return new ObjectUpload(store, pool, retrier, new NewObject(key, "text/plain", Map.of(
        ObjectMetadataKeys.FILE_ID, "file-" + key, ObjectMetadataKeys.GENERATION_ID, "3")),
        taken -> taken + "-renamed" + renames.incrementAndGet());
  }

  private ObjectUpload.Result write(ObjectUpload upload, byte[] data) throws Exception {
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    out.write(data, 0, data.length);
    return upload.complete(out.partsHandedOver() + 1, out.takeLastPart()).get(30, TimeUnit.SECONDS);
  }

  private static byte[] random(long size) {
    byte[] data = new byte[(int) size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void sendsAFileSmallerThanOnePartWithOnePut() throws Exception {
    ObjectUpload.Result result = write(upload("a/small"), random(1000));
    assertThat(result).isEqualTo(new ObjectUpload.Result("a/small", 1000, 1));
    assertThat(store.count(Op.PUT)).isEqualTo(1);
    assertThat(store.count(Op.START)).isZero();
    assertThat(store.object("a/small").orElseThrow().bytes()).isEqualTo(random(1000));
    assertThat(store.object("a/small").orElseThrow().metadata()).containsEntry("ab-generation-id", "3");
    assertThat(store.object("a/small").orElseThrow().contentType()).isEqualTo("text/plain");
    assertThat(budget.used()).isZero();
  }

  @Test
  void streamsALargeFileInPartsAndCompletesIt() throws Exception {
    byte[] data = random(12 * MIB + 7);
    ObjectUpload.Result result = write(upload("a/large"), data);
    assertThat(result).isEqualTo(new ObjectUpload.Result("a/large", data.length, 3));
    assertThat(store.count(Op.PART)).isEqualTo(3);
    assertThat(store.count(Op.COMPLETE)).isEqualTo(1);
    assertThat(store.object("a/large").orElseThrow().bytes()).isEqualTo(data);
    assertThat(store.openUploads()).isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void sendsNoEmptyLastPartWhenTheFileEndsOnAPartBoundary() throws Exception {
    byte[] data = random(10 * MIB);
    ObjectUpload.Result result = write(upload("a/exact"), data);
    assertThat(result.parts()).isEqualTo(2);
    assertThat(store.object("a/exact").orElseThrow().bytes()).isEqualTo(data);
  }

  @Test
  void writesUnderAnotherKeyWhenAPutFindsTheKeyTaken() throws Exception {
    store.seed("a/taken", new byte[] {1}, Map.of("ab-file-id", "someone-else"));
    ObjectUpload.Result result = write(upload("a/taken"), random(10));
    assertThat(result.key()).isEqualTo("a/taken-renamed1");
    assertThat(store.object("a/taken").orElseThrow().bytes()).containsExactly(1);
    assertThat(store.object("a/taken-renamed1").orElseThrow().bytes()).isEqualTo(random(10));
  }

  @Test
  void recognizesItsOwnObjectAfterAnAmbiguousPut() throws Exception {
    store.failAfterNext(Op.PUT, new TransientErrorException("timeout after the object was stored"));
    ObjectUpload.Result result = write(upload("a/ambiguous"), random(10));
    assertThat(result.key()).isEqualTo("a/ambiguous");
    assertThat(store.objects()).hasSize(1);
    assertThat(renames).hasValue(0);
  }

  @Test
  void recognizesItsOwnObjectAfterAnAmbiguousCompletion() throws Exception {
    store.failAfterNext(Op.COMPLETE, new TransientErrorException("timeout after completion"));
    ObjectUpload.Result result = write(upload("a/ambiguous-mpu"), random(6 * MIB));
    assertThat(result.key()).isEqualTo("a/ambiguous-mpu");
    assertThat(store.object("a/ambiguous-mpu").orElseThrow().bytes()).isEqualTo(random(6 * MIB));
  }

  @Test
  void abortsInsteadOfReplacingAnObjectCreatedDuringTheUpload() {
    ObjectUpload upload = upload("a/raced");
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(6 * MIB);
    out.write(data, 0, data.length);
    store.seed("a/raced", new byte[] {9}, Map.of("ab-file-id", "another-writer"));
    CompletableFuture<ObjectUpload.Result> done = upload.complete(2, out.takeLastPart());
    assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TransientErrorException.class).hasMessageContaining("Nothing was overwritten");
    assertThat(store.object("a/raced").orElseThrow().bytes()).containsExactly(9);
    assertThat(store.openUploads()).isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void retriesTransientPartFailures() throws Exception {
    store.failNext(Op.PART, new TransientErrorException("SlowDown"));
    byte[] data = random(7 * MIB);
    write(upload("a/retried"), data);
    assertThat(store.object("a/retried").orElseThrow().bytes()).isEqualTo(data);
    assertThat(store.count(Op.PART)).isEqualTo(3);
  }

  @Test
  void aFailedPartFailsTheUploadAndAbortsIt() {
    store.failNext(Op.PART, new ConfigErrorException("AccessDenied"));
    assertThatThrownBy(() -> write(upload("a/failed"), random(7 * MIB)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConfigErrorException.class);
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
    assertThat(store.count(Op.ABORT)).isEqualTo(1);
    assertThat(budget.used()).isZero();
  }

  @Test
  void abortLeavesNoObjectAndNoOpenUpload() {
    ObjectUpload upload = upload("a/aborted");
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(11 * MIB);
    out.write(data, 0, data.length);
    out.discard();
    upload.abort();
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
    assertThatThrownBy(() -> upload.part(3, new PartBuffer(budget))).isInstanceOf(
        java.util.concurrent.CancellationException.class);
    assertThat(budget.used()).isZero();
  }

  @Test
  void boundsThePartsInFlight() throws Exception {
    store.holdParts();
    ObjectUpload upload = upload("a/bounded");
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(26 * MIB);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> out.write(data, 0, data.length));
    while (store.waitingAtGate() < 3) {
      Thread.onSpinWait();
    }
    assertThat(pool.partsInFlight()).isEqualTo(3);
    assertThat(writer).isNotDone();
    store.releaseParts();
    writer.get(30, TimeUnit.SECONDS);
    upload.complete(out.partsHandedOver() + 1, out.takeLastPart()).get(30, TimeUnit.SECONDS);
    assertThat(store.object("a/bounded").orElseThrow().bytes()).isEqualTo(data);
  }
}
