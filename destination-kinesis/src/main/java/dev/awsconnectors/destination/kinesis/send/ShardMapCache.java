package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shard maps of the streams the loop aggregates for, listed (ListShards) off the loop's thread so that a slow or
 * failing listing never stalls the sending and acknowledging of any stream. Each map is listed again periodically, and
 * on demand when the loop saw an aggregate land on another shard than predicted. As the KPL's shard map does, an
 * on-demand listing is only started if none started after the event that asks for it is on its way already.
 *
 * <p>Lifecycle: created by the loop with the maps listed before the write began; then, on the loop's thread only,
 * {@link #use} when a lane opens (from then on its map is refreshed periodically), {@link #refreshDue} on every turn, {@link #request} when a lane needs a map listed after a given time, and
 * {@link #listed} for every {@link Listing} the sink received (the loop posts them to itself as events), which
 * returns it after recording the map; {@link #nextRefreshNanos} for the loop's wake-up. Listings run on the given
 * executor, which calls the lister and hands the outcome, success or failure, to the sink; the cache keeps no lock.
 */
final class ShardMapCache {
  /** The outcome of one listing started at {@code startedNanos}: a map, or the failure of the call. */
  record Listing(String stream, long startedNanos, ShardMap map, Throwable failure) {}

  private static final class Slot {
    ShardMap map;
    /** Asked for by a lane: only such maps are refreshed. */
    boolean used;
    long nextRefreshNanos;
    /** When the listing on its way started. */
    long listingSinceNanos;
    boolean listing;
    /** A listing started after the one on its way is wanted. */
    boolean again;
  }

  private final Function<String, ShardMap> lister;
  private final Executor executor;
  private final Consumer<Listing> sink;
  private final long refreshNanos;
  private final Map<String, Slot> slots = new HashMap<>();

  /**
   * @param lister the ListShards call (blocking; runs on {@code executor})
   * @param initial maps listed before the write began
   * @param now the loop's clock when the maps were handed over
   */
  ShardMapCache(Function<String, ShardMap> lister, Executor executor, Consumer<Listing> sink, Duration refreshEvery,
      Map<String, ShardMap> initial, long now) {
    this.lister = lister;
    this.executor = executor;
    this.sink = sink;
    this.refreshNanos = refreshEvery.toNanos();
    initial.forEach((stream, map) -> {
      Slot slot = new Slot();
      slot.map = map;
      slot.nextRefreshNanos = now + refreshNanos;
      slots.put(stream, slot);
    });
  }

  /** The newest map of {@code stream}, if one was listed; from now on it is refreshed periodically. */
  Optional<ShardMap> use(String stream) {
    Slot slot = slots.computeIfAbsent(stream, s -> new Slot());
    slot.used = true;
    return Optional.ofNullable(slot.map);
  }

  /** True while a listing of {@code stream} is on its way. */
  boolean listing(String stream) {
    Slot slot = slots.get(stream);
    return slot != null && slot.listing;
  }

  /** Makes sure a listing of {@code stream} started at or after {@code sinceNanos} comes back. */
  void request(String stream, long sinceNanos, long now) {
    Slot slot = slots.computeIfAbsent(stream, s -> new Slot());
    slot.used = true;
    if (!slot.listing) {
      start(stream, slot, now);
    } else if (slot.listingSinceNanos - sinceNanos < 0) {
      slot.again = true;
    }
  }

  /** Starts the periodic listings that are due. */
  void refreshDue(long now) {
    slots.forEach((stream, slot) -> {
      if (slot.used && !slot.listing && slot.map != null && now - slot.nextRefreshNanos >= 0) {
        start(stream, slot, now);
      }
    });
  }

  /** Records a listing that came back; starts the one asked for meanwhile, if any. Returns {@code listing}. */
  Listing listed(Listing listing, long now) {
    Slot slot = slots.get(listing.stream());
    slot.listing = false;
    if (listing.map() != null) {
      slot.map = listing.map();
    }
    if (slot.again) {
      slot.again = false;
      start(listing.stream(), slot, now);
    }
    return listing;
  }

  /** When the next periodic listing is due; empty if none is planned. */
  OptionalLong nextRefreshNanos() {
    OptionalLong next = OptionalLong.empty();
    for (Slot slot : slots.values()) {
      if (slot.used && !slot.listing && slot.map != null
          && (next.isEmpty() || slot.nextRefreshNanos - next.getAsLong() < 0)) {
        next = OptionalLong.of(slot.nextRefreshNanos);
      }
    }
    return next;
  }

  private void start(String stream, Slot slot, long now) {
    slot.listing = true;
    slot.listingSinceNanos = now;
    slot.nextRefreshNanos = now + refreshNanos;
    executor.execute(() -> {
      Listing outcome;
      try {
        outcome = new Listing(stream, now, lister.apply(stream), null);
      } catch (Throwable e) { // whatever happens, the loop hears of it rather than wait forever
        outcome = new Listing(stream, now, null, e);
      }
      sink.accept(outcome);
    });
  }
}
