package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.support.Await;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore.Op;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One file's upload against the in-memory store: single PutObject or multipart, keys from {@link FileKeys}, lost
 * answers recognized by the file id and never guessed, aborts, and the count of parts in flight.
 */
class ObjectUploadTest {
  private static final long MIB = S3Limits.MIB;
  private static final Instant T = Instant.parse("2024-01-31T10:00:00Z");
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final MemoryBudget budget = new MemoryBudget(512 * MIB);
  private final UploadPool pool = new UploadPool(4, 3);
  private final FileKeys keys = new FileKeys(store, FileNameTemplate.parse("{part_number}", ""), pool.executor());
  private int files;

  @AfterEach
  void closePool() {
    store.releaseParts();
    pool.close();
  }

  private ObjectUpload upload() {
    return new ObjectUpload(store, pool, keys.directory("a/", T, ""), T, "", "text/plain",
        Map.of(ObjectMetadataKeys.FILE_ID, "file-" + files++, ObjectMetadataKeys.GENERATION_ID, "3"));
  }

  private CompletableFuture<ObjectUpload.Result> start(ObjectUpload upload, byte[] data) {
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    out.write(data, 0, data.length);
    return upload.complete(out.partsHandedOver() + 1, out.takeLastPart());
  }

  private ObjectUpload.Result write(ObjectUpload upload, byte[] data) throws Exception {
    return start(upload, data).get(30, TimeUnit.SECONDS);
  }

  private static byte[] random(long size) {
    byte[] data = new byte[(int) size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void sendsAFileSmallerThanOnePartWithOnePut() throws Exception {
    ObjectUpload.Result result = write(upload(), random(1000));
    assertThat(result).isEqualTo(new ObjectUpload.Result("a/0", 1000, 1));
    assertThat(store.count(Op.PUT)).isEqualTo(1);
    assertThat(store.count(Op.START)).isZero();
    assertThat(store.count(Op.HEAD)).as("a conditional PUT needs no check").isZero();
    assertThat(store.object("a/0").orElseThrow().bytes()).isEqualTo(random(1000));
    assertThat(store.object("a/0").orElseThrow().metadata()).containsEntry("ab-generation-id", "3");
    assertThat(store.object("a/0").orElseThrow().contentType()).isEqualTo("text/plain");
    assertThat(budget.used()).isZero();
    assertThat(pool.partsInFlight()).isZero();
  }

  @Test
  void streamsALargeFileInPartsAndCompletesIt() throws Exception {
    byte[] data = random(12 * MIB + 7);
    ObjectUpload.Result result = write(upload(), data);
    assertThat(result).isEqualTo(new ObjectUpload.Result("a/0", data.length, 3));
    assertThat(store.count(Op.PART)).isEqualTo(3);
    assertThat(store.count(Op.COMPLETE)).isEqualTo(1);
    assertThat(store.object("a/0").orElseThrow().bytes()).isEqualTo(data);
    assertThat(store.openUploads()).isZero();
    assertThat(budget.used()).isZero();
    assertThat(pool.partsInFlight()).isZero();
  }

  @Test
  void sendsNoEmptyLastPartWhenTheFileEndsOnAPartBoundary() throws Exception {
    byte[] data = random(10 * MIB);
    ObjectUpload.Result result = write(upload(), data);
    assertThat(result.parts()).isEqualTo(2);
    assertThat(store.object("a/0").orElseThrow().bytes()).isEqualTo(data);
  }

  @Test
  void writesUnderACheckedKeyWhenAPutFindsItsKeyTaken() throws Exception {
    write(upload(), random(10));
    store.seed("a/1", new byte[] {1}, Map.of("ab-file-id", "someone-else"));
    store.seed("a/2", new byte[] {2}, Map.of("ab-file-id", "someone-else"));
    ObjectUpload.Result result = write(upload(), random(11));
    assertThat(result.key()).isEqualTo("a/3");
    assertThat(store.object("a/1").orElseThrow().bytes()).containsExactly(1);
    assertThat(store.object("a/3").orElseThrow().bytes()).isEqualTo(random(11));
    assertThat(store.count(Op.PUT)).as("the taken key is tried once, the next one is checked first").isEqualTo(3);
  }

  @Test
  void recognizesItsOwnObjectWhenTheAnswerToAPutWasLost() throws Exception {
    // The SDK's retry of a PutObject whose answer was lost finds the object: 412.
    store.failAfterNext(Op.PUT, new ObjectExistsException("a/0", null));
    ObjectUpload.Result result = write(upload(), random(10));
    assertThat(result.key()).isEqualTo("a/0");
    assertThat(store.objects()).containsOnlyKeys("a/0");
    assertThat(store.count(Op.PUT)).isEqualTo(1);
  }

  @Test
  void recognizesItsOwnObjectWhenTheAnswerToACompletionWasLost() throws Exception {
    store.failAfterNext(Op.COMPLETE, new ObjectExistsException("a/0", null));
    ObjectUpload.Result result = write(upload(), random(6 * MIB));
    assertThat(result.key()).isEqualTo("a/0");
    assertThat(store.object("a/0").orElseThrow().bytes()).isEqualTo(random(6 * MIB));
    assertThat(store.count(Op.COMPLETE)).isEqualTo(1);
  }

  @Test
  void recognizesItsOwnObjectWhenTheRetryOfACompletionFindsTheUploadGone() throws Exception {
    store.failAfterNext(Op.COMPLETE, new ConfigErrorException("Not found while completing: NoSuchUpload (HTTP 404)"));
    assertThat(write(upload(), random(6 * MIB)).key()).isEqualTo("a/0");
  }

  @Test
  void neverWritesAgainWhenTheCheckAfterALostPutAnswerFails() {
    store.failAfterNext(Op.PUT, new ObjectExistsException("a/0", null));
    store.failNext(Op.HEAD, new TransientErrorException("AWS kept failing while reading the metadata: SlowDown"));
    assertThatThrownBy(() -> write(upload(), random(10))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TransientErrorException.class).hasMessageContaining("HTTP 412")
        .hasMessageContaining("Nothing was written again");
    assertThat(store.objects()).containsOnlyKeys("a/0");
    assertThat(store.count(Op.PUT)).isEqualTo(1);
  }

  @Test
  void neverCompletesAgainWhenTheCheckAfterALostCompletionFails() {
    store.failAfterNext(Op.COMPLETE, new ObjectExistsException("a/0", null));
    store.failNext(Op.HEAD, new TransientErrorException("AWS kept failing while reading the metadata: SlowDown"));
    assertThatThrownBy(() -> write(upload(), random(6 * MIB))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TransientErrorException.class).hasMessageContaining("HTTP 412");
    assertThat(store.objects()).containsOnlyKeys("a/0");
    assertThat(store.count(Op.COMPLETE)).isEqualTo(1);
    assertThat(store.count(Op.START)).isEqualTo(1);
  }

  @Test
  void aDeniedCheckAfterALostAnswerStaysAConfigError() {
    store.failAfterNext(Op.PUT, new ObjectExistsException("a/0", null));
    store.failNext(Op.HEAD, new ConfigErrorException("Access denied while reading the metadata"));
    assertThatThrownBy(() -> write(upload(), random(10))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ConfigErrorException.class);
    assertThat(store.count(Op.PUT)).isEqualTo(1);
  }

  @Test
  void storesTheFileWhenRetriesGaveUpAfterAnAttemptThatHadSucceeded() throws Exception {
    store.failAfterNext(Op.PUT, new TransientErrorException("AWS kept failing: InternalError (HTTP 500)"));
    assertThat(write(upload(), random(10)).key()).isEqualTo("a/0");
    assertThat(store.count(Op.PUT)).isEqualTo(1);
  }

  @Test
  void abortsInsteadOfReplacingAnObjectCreatedDuringTheUpload() throws Exception {
    ObjectUpload upload = upload();
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(6 * MIB);
    out.write(data, 0, data.length);
    Await.until("the multipart upload started", () -> store.count(Op.START) == 1);
    store.seed("a/0", new byte[] {9}, Map.of("ab-file-id", "another-writer"));
    CompletableFuture<ObjectUpload.Result> done = upload.complete(2, out.takeLastPart());
    assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TransientErrorException.class).hasMessageContaining("Nothing was overwritten");
    assertThat(store.object("a/0").orElseThrow().bytes()).containsExactly(9);
    assertThat(store.openUploads()).isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aFailedPartFailsTheUploadAndAbortsIt() {
    store.failNext(Op.PART, new ConfigErrorException("AccessDenied"));
    assertThatThrownBy(() -> write(upload(), random(7 * MIB)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConfigErrorException.class);
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
    assertThat(store.count(Op.ABORT)).isEqualTo(1);
    assertThat(budget.used()).isZero();
  }

  @Test
  void aFailedStartReleasesEveryPart() {
    store.failNext(Op.START, new SystemErrorException("InternalError"));
    assertThatThrownBy(() -> write(upload(), random(11 * MIB))).isInstanceOf(ExecutionException.class);
    assertThat(store.count(Op.PART)).isZero();
    assertThat(budget.used()).isZero();
    assertThat(pool.partsInFlight()).isZero();
  }

  @Test
  void abortLeavesNoObjectAndNoOpenUpload() throws Exception {
    ObjectUpload upload = upload();
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(11 * MIB);
    out.write(data, 0, data.length);
    out.discard();
    upload.abort().get(30, TimeUnit.SECONDS);
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
    assertThatThrownBy(() -> upload.part(3, new PartBuffer(budget))).isInstanceOf(
        java.util.concurrent.CancellationException.class);
    assertThat(budget.used()).isZero();
  }

  @Test
  void handingPartsOverNeverBlocksAndTheWriterWaitsForCapacityAfterwards() throws Exception {
    store.holdParts();
    ObjectUpload upload = upload();
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), upload);
    byte[] data = random(26 * MIB);
    out.write(data, 0, data.length);
    assertThat(out.partsHandedOver()).isEqualTo(5);
    assertThat(pool.partsInFlight()).isEqualTo(5);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
      try {
        pool.awaitCapacity();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    assertThat(waiting).as("5 parts in flight, 3 allowed").isNotDone();
    store.releaseParts();
    waiting.get(30, TimeUnit.SECONDS);
    ObjectUpload.Result result = upload.complete(out.partsHandedOver() + 1, out.takeLastPart())
        .get(30, TimeUnit.SECONDS);
    assertThat(result.parts()).isEqualTo(6);
    assertThat(store.object("a/0").orElseThrow().bytes()).isEqualTo(data);
    assertThat(pool.partsInFlight()).isZero();
  }

  @Test
  void checksTheKeyBeforeWritingOnAStoreThatRefusesConditionalWrites() throws Exception {
    InMemoryObjectStore refusing = new InMemoryObjectStore().refusingConditionalWrites();
    FileKeys refusingKeys = new FileKeys(refusing, FileNameTemplate.parse("{part_number}", ""), pool.executor());
    ObjectUpload first = new ObjectUpload(refusing, pool, refusingKeys.directory("a/", T, ""), T, "", "text/plain",
        Map.of(ObjectMetadataKeys.FILE_ID, "f1"));
    assertThat(write(first, random(10)).key()).isEqualTo("a/0");
    refusing.seed("a/1", new byte[] {1}, Map.of());
    ObjectUpload second = new ObjectUpload(refusing, pool, refusingKeys.directory("a/", T, ""), T, "",
        "text/plain", Map.of(ObjectMetadataKeys.FILE_ID, "f2"));
    assertThat(write(second, random(12)).key()).as("checked with HeadObject, not overwritten").isEqualTo("a/2");
    assertThat(refusing.object("a/1").orElseThrow().bytes()).containsExactly(1);
  }
}
