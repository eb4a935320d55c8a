package io.pitstop.steps.model;

import org.apache.spark.util.AccumulatorV2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 64-bit hash of every non-null key some tasks saw, gathered on the driver (8 bytes per row) so
 * that "every key once" is decided by one sort there instead of a distinct count that shuffles every
 * key. Scoring adds the keys it writes; {@code ColumnHashProof} (the contract's {@code unique} checks,
 * the train step's key check) adds values Spark already hashed (xxhash64 longs, mixed once more here). Equal keys always hash equal, so when all hashes differ all keys differ — an
 * exact proof; when some coincide (a duplicated key, or, about once in 10^5 runs of 10 M rows, two
 * keys sharing a hash) the caller counts the keys themselves.
 *
 * <p>Hashed are string and integral keys, whose Java equality is Spark's; a task that meets any
 * other key type, or more than {@link #MAX_PER_TASK} keys, marks the result incomplete, and the
 * caller falls back to the distinct count. Accumulator updates of a task that is retried could be
 * merged twice; the caller compares distinct hashes with the rows it counted, so a repeat can only
 * make hashes coincide (a fallback), never hide a duplicate.
 */
public final class KeyHashes extends AccumulatorV2<Object, KeyHashes.Gathered> {

    /** Keys one task may contribute (64 MB of hashes) before the result is marked incomplete. */
    public static final int MAX_PER_TASK = 8 << 20;

    /** What the driver holds: the hashes in chunks (one per task), and whether any task gave up. */
    public record Gathered(List<long[]> chunks, boolean complete) implements java.io.Serializable {

        /** Distinct hashes, or -1 if the gathering is incomplete. */
        public long distinct() {
            if (!complete) return -1;
            long total = 0;
            for (long[] c : chunks) total += c.length;
            if (total > Integer.MAX_VALUE - 8) return -1;
            long[] all = new long[(int) total];
            int at = 0;
            for (long[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            Arrays.parallelSort(all);
            long distinct = all.length == 0 ? 0 : 1;
            for (int i = 1; i < all.length; i++) if (all[i] != all[i - 1]) distinct++;
            return distinct;
        }
    }

    private final List<long[]> chunks = new ArrayList<>();
    private long[] buffer = new long[0];
    private int size;
    private boolean complete = true;

    @Override
    public boolean isZero() {
        return chunks.isEmpty() && size == 0 && complete;
    }

    @Override
    public KeyHashes copy() {
        KeyHashes c = new KeyHashes();
        c.chunks.addAll(chunks);
        if (size > 0) c.chunks.add(Arrays.copyOf(buffer, size));
        c.complete = complete;
        return c;
    }

    @Override
    public void reset() {
        chunks.clear();
        buffer = new long[0];
        size = 0;
        complete = true;
    }

    /** Adds one key; null keys are not hashed (the caller counts them). */
    @Override
    public void add(Object key) {
        if (key == null || !complete) return;
        long h;
        if (key instanceof String s) {
            h = hash(s);
        } else if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
            h = mix(((Number) key).longValue());
        } else {
            giveUp();
            return;
        }
        if (size == MAX_PER_TASK) {
            giveUp();
            return;
        }
        if (size == buffer.length) buffer = Arrays.copyOf(buffer, Math.max(1024, Math.min(MAX_PER_TASK, size * 2)));
        buffer[size++] = h;
    }

    @Override
    public void merge(AccumulatorV2<Object, Gathered> other) {
        Gathered g = other.value();
        if (!g.complete()) complete = false;
        if (complete) chunks.addAll(g.chunks());
        else chunks.clear();
    }

    @Override
    public Gathered value() {
        List<long[]> all = new ArrayList<>(chunks);
        if (size > 0) all.add(Arrays.copyOf(buffer, size));
        return new Gathered(List.copyOf(all), complete);
    }

    /** Ships only the filled part of the buffer back from a task. */
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        if (buffer.length != size) buffer = Arrays.copyOf(buffer, size);
        out.defaultWriteObject();
    }

    private void giveUp() {
        complete = false;
        buffer = new long[0];
        size = 0;
        chunks.clear();
    }

    /**
     * The hash {@link #add} keeps for a string or integral key, the same in every JVM and whatever the
     * partitioning: a key's hash decides things that must not change from night to night (a canary's arm).
     *
     * @throws IllegalArgumentException for a null key or a key of another type
     */
    public static long of(Object key) {
        if (key instanceof String s) return hash(s);
        if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return mix(((Number) key).longValue());
        }
        throw new IllegalArgumentException("only string and integral keys are hashed, not "
                + (key == null ? "null" : key.getClass().getSimpleName()));
    }

    /** 64-bit hash of a string's UTF-8 bytes (FNV-1a, then a final mix). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
